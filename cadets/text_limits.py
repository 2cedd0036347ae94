"""How long a narrative field may be (思想上引导, a leave's reason, a plan's goals …).

Each long text field has a max_length, so the form says "at most N characters" (and the page's
counter, static/js/char-counter.js, shows how many are left) before anything is sent — far
below Django's DATA_UPLOAD_MAX_MEMORY_SIZE (2.5 MB): a form of five LONG fields is at most
25,000 characters, some 225 kB once a browser percent-encodes Chinese (9 bytes a character),
so a request is never refused as too big with everything typed lost.
tests/cadets/test_text_limits.py checks every model's text fields against that size."""

SHORT_TEXT = 2000  # a comment, a reason, one dimension of a monthly record
LONG_TEXT = 5000  # a part of a training plan, a work report, what a trainee did
