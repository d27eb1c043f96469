"""What the scripts under Tests/ that talk to a running `dancu serve` share: step reporting and the
demo citizen from demo-credentials.txt."""
import os
import sys


def ok(text):
    print("OK: " + text, flush=True)


def expect(condition, text):
    if not condition:
        print("FAILED: " + text, flush=True)
        sys.exit(1)
    ok(text)


def demo_citizen(data_dir):
    """(personal number, password, passcode) of the demo citizen with a level-2 eID account."""
    with open(os.path.join(data_dir, "demo-credentials.txt")) as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 4 and parts[2] == "citizen-eid-level2":
                return parts[0], parts[1], parts[3].removeprefix("passcode:")
    return None, None, None


def demo_officer_password(data_dir, username):
    """The one-time password the demo printed for the officer `username`."""
    with open(os.path.join(data_dir, "demo-credentials.txt")) as f:
        return next(line.split()[1] for line in f if line.split()[:1] == [username])
