"""The password hasher: Argon2id at OWASP's recommended minimum (19 MiB, 2 passes, 1 lane).

Django's default Argon2 parameters (100 MiB, 2 passes, 8 lanes) cost about 0.4 s of CPU per
sign-in on a 2-core server; at 8:30 in the morning, when a county's staff and mentors sign in
together, that is the server's whole capacity (docs/decisions/0008-password-hashing.md).
A stored hash with other parameters still verifies and is rewritten with these on the next
sign-in (Django's `must_update`)."""

from django.contrib.auth.hashers import Argon2PasswordHasher


class Argon2idHasher(Argon2PasswordHasher):
    # The algorithm name stays "argon2": existing hashes keep verifying with this class.
    time_cost = 2
    memory_cost = 19 * 1024  # KiB
    parallelism = 1
