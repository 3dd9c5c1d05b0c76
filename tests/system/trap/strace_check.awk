# strace_check.awk: reads the per-process files of `strace -ff -e
# trace=%network` and prints every socket system call that the kernel
# carried out on the host's network: a call is stopped by the net under the
# shim when strace's next line for the same process is its SIGSYS with
# si_code=SYS_SECCOMP; any other socket(), socketpair() of a family but
# AF_UNIX, or connect/bind/sendto/sendmsg naming an address of another
# family, reached the host.  Prints "trapped N" at the end.
FNR == 1 { if (prev != "") print "host: " prev; prev = "" }
{
	if (prev != "" && $0 !~ /SIGSYS \{.*si_code=SYS_SECCOMP/)
		print "host: " prev
	prev = ""
	if ($0 ~ /SIGSYS \{.*si_code=SYS_SECCOMP/)
		trapped++
	if ($0 ~ /^(socket|socketpair)\(/ && $0 !~ /^(socket|socketpair)\(AF_UNIX/)
		prev = $0
	else if ($0 ~ /^(connect|bind|sendto|sendmsg|sendmmsg)\(/ && $0 ~ /sa_family=AF_/ && $0 !~ /sa_family=AF_UNIX/)
		prev = $0
}
END { if (prev != "") print "host: " prev; print "trapped " trapped + 0 }
