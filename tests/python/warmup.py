"""Starts the installed sdia kernel through jupyter_client and runs one library cell.

install.sh runs this to check the whole chain (kernelspec, kernel, preloaded library) and to
pay one-time costs before a student opens a notebook. Exits non-zero with the reason if the
cell fails.
"""

import sys
import time

from jupyter_client.manager import start_new_kernel


def main() -> int:
    started = time.monotonic()
    km, kc = start_new_kernel(kernel_name="sdia", startup_timeout=120)
    try:
        reply = kc.execute_interactive(
            'df!("x" => [1, 2, 3]).unwrap().height()', timeout=300, output_hook=lambda m: None
        )
        content = reply["content"]
        if content["status"] != "ok":
            print(f"warm-up cell failed: {content.get('ename')}: {content.get('evalue')}", file=sys.stderr)
            return 1
        print(f"warm-up: first library cell answered {time.monotonic() - started:.1f} s after launch")
        return 0
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


if __name__ == "__main__":
    sys.exit(main())
