"""Starting `dancu serve` over a demo's data directory for the crash checks (webhook_crash.py,
batch_crash.py), and waiting until it is ready. Shares no code with DanCu."""
import os
import subprocess
import sys
import time

import requests


def start(binary, work, port, log_name, extra=()):
    """`dancu serve --port PORT [EXTRA…]` in WORK, its output appended to WORK/LOG_NAME; exits 1 if it never
    gets ready."""
    log = open(os.path.join(work, log_name), "a")
    server = subprocess.Popen([binary, "serve", "--port", str(port), *extra], cwd=work, stdout=log, stderr=log,
                              env={**os.environ, "DANCU_BCRYPT_COST": "4"})
    for _ in range(240):
        if server.poll() is not None:
            print("FAILED: dancu serve stopped: is the port taken?", flush=True)
            sys.exit(1)
        try:
            if requests.get(f"http://127.0.0.1:{port}/health/ready", timeout=1).status_code == 200:
                return server
        except requests.RequestException:
            pass
        time.sleep(0.5)
    print("FAILED: dancu serve did not become ready", flush=True)
    sys.exit(1)
