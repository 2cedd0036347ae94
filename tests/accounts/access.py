from tests.access import LOGIN, UrlCase

SIGNED_IN = {
    role: 200 for role in ["superuser", "city_staff", "county_staff", "unit_staff", "mentor"]
}

CASES = [
    # A trainee's home is their own record, a mentor's their mentees (mentors:home), staff's
    # their dashboard.
    UrlCase(
        "accounts:home",
        expect={"anonymous": LOGIN, **{r: 302 for r in SIGNED_IN}, "trainee": 302},
    ),
    # Signed-in users are sent on from the sign-in page.
    UrlCase(
        "accounts:login", expect={"anonymous": 200, **{r: 302 for r in SIGNED_IN}, "trainee": 302}
    ),
    UrlCase(
        "accounts:logout",
        method="post",
        expect={"anonymous": 302, **{r: 302 for r in SIGNED_IN}, "trainee": 302},
    ),
    UrlCase("accounts:password_change", expect={"anonymous": LOGIN, **SIGNED_IN, "trainee": 200}),
    UrlCase(
        "accounts:password_change_done", expect={"anonymous": LOGIN, **SIGNED_IN, "trainee": 200}
    ),
    UrlCase(
        "accounts:set_language",
        method="post",
        data=lambda world, which: {"language": "en", "next": "/"},
        expect={"anonymous": 302, **{r: 302 for r in SIGNED_IN}, "trainee": 302},
    ),
]
