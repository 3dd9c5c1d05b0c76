"""pyrun.py: runs CPython's own test modules as they are, one line per test.

    python3 pyrun.py [--timeout SECS] [--exclude SUBSTR]... MODULE...

prints, for every test of every MODULE (e.g. test.test_socket),

    RESULT <status> <test id>

with status pass, fail, skip or timeout (a test that ran past SECS, or
that killed its process: "crash").  Each module runs in a child process of
its own; a test that hangs is ended by faulthandler (which exits the
child) and the child is started again on the tests that are left, so that
one hang costs one test and SECS seconds, not the module.  Tests whose id
contains an --exclude string are not run at all (the AF_VSOCK classes hang
on some machines).  Of test.support's optional resources only "network" is
on (test_socketserver needs it; the runners give the tests a network
namespace with only lo, so a test that wants the Internet fails on the
kernel too); "cpu" (slow tests) and the others are off.
"""
import faulthandler
import os
import subprocess
import sys
import unittest


def iter_tests(suite):
    for t in suite:
        if isinstance(t, unittest.TestSuite):
            yield from iter_tests(t)
        else:
            yield t


def load(module, exclude):
    suite = unittest.defaultTestLoader.loadTestsFromName(module)
    return [t for t in iter_tests(suite)
            if not any(x in t.id() for x in exclude)]


class LineResult(unittest.TestResult):
    """Prints each test's outcome as soon as it is known."""

    def __init__(self, out, timeout):
        super().__init__()
        self.out, self.timeout, self.status = out, timeout, {}

    def _say(self, test, status):
        # A test may report twice (a failing subTest, then the test): the
        # worst outcome counts; the line goes out at stopTest.
        prev = self.status.get(test.id())
        if prev is None or prev in ("pass", "skip") or status == "fail":
            self.status[test.id()] = status

    def startTest(self, test):
        super().startTest(test)
        self.out.write("START %s\n" % test.id())
        self.out.flush()
        faulthandler.dump_traceback_later(self.timeout, exit=True)

    def stopTest(self, test):
        faulthandler.cancel_dump_traceback_later()
        super().stopTest(test)
        self.out.write("RESULT %s %s\n" % (self.status.get(test.id(), "pass"), test.id()))
        self.out.flush()

    def addSuccess(self, test):
        self._say(test, "pass")

    def addSkip(self, test, reason):
        self._say(test, "skip")

    def addExpectedFailure(self, test, err):
        self._say(test, "pass")

    def addUnexpectedSuccess(self, test):
        self._say(test, "fail")

    def addError(self, test, err):
        super().addError(test, err)
        self._fail(test, err)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        self._fail(test, err)

    def addSubTest(self, test, subtest, err):
        if err is not None:
            if issubclass(err[0], unittest.SkipTest):
                return
            self._fail(test, err)

    def _fail(self, test, err):
        # setUpClass failures come as a _ErrorHolder with no test of its
        # own: every test of that class then fails (they never ran).
        self._say(test, "fail")
        line = "%s: %s" % (err[0].__name__, str(err[1]).splitlines()[0] if str(err[1]) else "")
        sys.stderr.write("FAIL %s %s\n" % (test.id(), line[:200]))


def child(module, timeout, exclude, done):
    """Runs MODULE's tests not in DONE, in this process."""
    import test.support
    test.support.use_resources = ["network"]
    tests = [t for t in load(module, exclude) if t.id() not in done]
    sys.stdout.write("LOADED\n")
    sys.stdout.flush()
    suite = unittest.TestSuite(tests)
    result = LineResult(sys.stdout, timeout)
    suite.run(result)
    # setUpModule/setUpClass errors leave tests that never started.
    for err_test, err in result.errors:
        if not hasattr(err_test, "_testMethodName"):
            desc = str(err_test)
            sys.stderr.write("FAIL %s (fixture)\n" % desc)
    sys.stdout.write("END\n")
    sys.stdout.flush()
    os._exit(0)     # threads a test left behind must not hold us


def parent(modules, timeout, exclude):
    counts = {}
    for module in modules:
        done = set()
        try:
            import test.support
            test.support.use_resources = ["network"]
            ids = [t.id() for t in load(module, exclude)]
        except Exception as e:              # the module cannot even load
            print("RESULT fail %s (import: %s)" % (module, e), flush=True)
            continue
        for attempt in range(50):
            left = [i for i in ids if i not in done]
            if not left:
                break
            cmd = [sys.executable, __file__, "--child", module,
                   "--timeout", str(timeout)]
            for x in exclude:
                cmd += ["--exclude", x]
            p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                 text=True, cwd=os.getcwd())
            p.stdin.write("\n".join(done))
            p.stdin.close()
            current, ended, loaded = None, False, False
            for line in p.stdout:
                if line.strip() == "LOADED":
                    loaded = True
                elif line.startswith("START "):
                    current = line.split(None, 1)[1].strip()
                elif line.startswith("RESULT "):
                    _, status, tid = line.split(None, 2)
                    tid = tid.strip()
                    if tid not in done:
                        done.add(tid)
                        counts[status] = counts.get(status, 0) + 1
                        print("RESULT %s %s" % (status, tid), flush=True)
                    current = None
                elif line.strip() == "END":
                    ended = True
            rc = p.wait()
            if ended:
                # Tests that never started (a failed setUpClass) fail.
                for tid in ids:
                    if tid not in done:
                        done.add(tid)
                        counts["fail"] = counts.get("fail", 0) + 1
                        print("RESULT fail %s" % tid, flush=True)
                break
            if not loaded:
                # The module did not load in the child: its tests fail.
                for tid in ids:
                    if tid not in done:
                        done.add(tid)
                        counts["crash"] = counts.get("crash", 0) + 1
                        print("RESULT crash %s" % tid, flush=True)
                break
            if current is None:
                # Died between tests (in a fixture): the next test takes it.
                left = [i for i in ids if i not in done]
                if not left:
                    break
                current = left[0]
            done.add(current)
            status = "timeout" if rc == 1 else "crash"
            counts[status] = counts.get(status, 0) + 1
            print("RESULT %s %s" % (status, current), flush=True)
    sys.stderr.write("pyrun: %s\n" % ", ".join("%d %s" % (n, s) for s, n in sorted(counts.items())))


def main(argv):
    timeout, exclude, modules, is_child = 60, [], [], None
    i = 0
    while i < len(argv):
        a = argv[i]
        if a == "--timeout":
            timeout = float(argv[i + 1]); i += 2
        elif a == "--exclude":
            exclude.append(argv[i + 1]); i += 2
        elif a == "--child":
            is_child = argv[i + 1]; i += 2
        else:
            modules.append(a); i += 1
    if is_child:
        done = set(l.strip() for l in sys.stdin if l.strip())
        # Keep the test's own stdin away from the list we read.
        fd = os.open(os.devnull, os.O_RDONLY)
        os.dup2(fd, 0)
        sys.stdin = open(0)
        child(is_child, timeout, exclude, done)
    else:
        parent(modules, timeout, exclude)


if __name__ == "__main__":
    main(sys.argv[1:])
