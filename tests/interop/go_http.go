// go_http.go: an HTTP server and client in Go's standard library only, for
// tests/interop/go_http_static_c.t.  Go links statically (CGO_ENABLED=0)
// and makes its calls with raw system calls, never through libc: on uipc
// it is served by `uipc run`'s supervisor, not the preload shim.
//
//	go_http serve ADDR DIR   files from DIR; POST /sum answers the body's
//	                         sha256 in hex; ends on SIGTERM
//	go_http get URL          prints the status, the body's length and sha256
package main

import (
	"context"
	"crypto/sha256"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"syscall"
)

func serve(addr, dir string) error {
	mux := http.NewServeMux()
	mux.Handle("/", http.FileServer(http.Dir(dir)))
	mux.HandleFunc("/sum", func(w http.ResponseWriter, r *http.Request) {
		h := sha256.New()
		n, err := io.Copy(h, r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		fmt.Fprintf(w, "%d %x\n", n, h.Sum(nil))
	})
	srv := &http.Server{Addr: addr, Handler: mux}
	// A clean stop on SIGTERM: the listener and every idle connection
	// closed, so the peer's uipcd keeps nothing of them.
	stop := make(chan os.Signal, 1)
	signal.Notify(stop, syscall.SIGTERM)
	go func() {
		<-stop
		srv.Shutdown(context.Background())
	}()
	if err := srv.ListenAndServe(); err != http.ErrServerClosed {
		return err
	}
	return nil
}

func get(url string) error {
	resp, err := http.Get(url)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	h := sha256.New()
	n, err := io.Copy(h, resp.Body)
	if err != nil {
		return err
	}
	fmt.Printf("%d %d %x\n", resp.StatusCode, n, h.Sum(nil))
	return nil
}

func main() {
	var err error
	switch {
	case len(os.Args) == 4 && os.Args[1] == "serve":
		err = serve(os.Args[2], os.Args[3])
	case len(os.Args) == 3 && os.Args[1] == "get":
		err = get(os.Args[2])
	default:
		err = fmt.Errorf("usage: go_http serve ADDR DIR | get URL")
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "go_http:", err)
		os.Exit(1)
	}
}
