"""Restart and interrupt through jupyter_client's KernelManager, as JupyterLab does them."""

import time

from jupyter_client.manager import start_new_kernel


def run(kc, code, timeout=300):
    outputs = []
    reply = kc.execute_interactive(code, timeout=timeout, output_hook=outputs.append)
    return reply["content"], outputs


def test_restart_gives_a_fresh_session_with_the_library():
    km, kc = start_new_kernel(kernel_name="sdia", startup_timeout=120)
    try:
        content, _ = run(kc, "let avant = 1;")
        assert content["status"] == "ok"
        km.restart_kernel(now=False)
        kc.wait_for_ready(timeout=120)
        content, _ = run(kc, "avant")
        assert content["status"] == "error", "variables do not survive a restart"
        content, outputs = run(kc, 'df!("a" => [1, 2]).unwrap().height()')
        assert content["status"] == "ok"
        assert content["execution_count"] == 2, "the count starts again after a restart"
        results = [m for m in outputs if m["msg_type"] == "execute_result"]
        assert results[0]["content"]["data"]["text/plain"] == "2"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_interrupt_from_the_kernel_manager_stops_a_loop():
    km, kc = start_new_kernel(kernel_name="sdia", startup_timeout=120)
    try:
        msg_id = kc.execute("loop {}")
        time.sleep(3)
        asked = time.monotonic()
        km.interrupt_kernel()
        reply = kc.get_shell_msg(timeout=30)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = kc.get_shell_msg(timeout=30)
        assert time.monotonic() - asked < 10
        assert reply["content"]["status"] == "error"
        assert reply["content"]["ename"] == "KeyboardInterrupt"
        content, _ = run(kc, "1 + 1")
        assert content["status"] == "ok"
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
