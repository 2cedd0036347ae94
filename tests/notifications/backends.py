"""An e-mail backend for the worker subprocesses of the recovery tests: it appends one line per
message to a file (so the test can count what was sent, across processes), and can be made
slow so that a SIGKILL lands while a message is being sent."""

from __future__ import annotations

import os
import time

from django.core.mail.backends.base import BaseEmailBackend


class RecordingBackend(BaseEmailBackend):
    def send_messages(self, email_messages) -> int:
        path = os.environ["TEST_MAIL_RECORD"]
        delay = float(os.environ.get("TEST_MAIL_DELAY", "0"))
        for message in email_messages:
            delivery = message.extra_headers.get("X-Delivery-Id", "?")
            _append(path, f"start {delivery}")
            time.sleep(delay)  # the window in which the test kills the worker
            _append(path, f"sent {delivery} {','.join(message.to)}")
        return len(email_messages)


def _append(path: str, line: str) -> None:
    with open(path, "a", encoding="utf-8") as record:
        record.write(line + "\n")
        record.flush()
        os.fsync(record.fileno())
