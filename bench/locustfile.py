"""Locust scenario: members log in and browse, search, read threads and write, mixed with the
physical-limit baselines (a view that does nothing, a static file, a raw search-server query).

Started by bench/load.py (``make bench-load``), which seeds the data and writes
bench/results/load-seed.json; LOAD_SEED and LOAD_SEARCH_URL come from there. Every reply carries a
unique marker word; the replies the site accepted (302) are written to LOAD_ACCEPTED when the run
stops, so that bench/load_verify.py can check each one in the database and in the index.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import re

from locust import HttpUser, between, events, task

SEED = json.loads(open(os.environ["LOAD_SEED"]).read())  # noqa: SIM115
SEARCH_URL = os.environ["LOAD_SEARCH_URL"]  # the search server, for the raw-query baseline
RAW_INDEX = os.environ.get("LOAD_SEARCH_INDEX", "sid-practice")
LOGINS = itertools.cycle(SEED["emails"])
TERMS = [
    "Deeskalation",
    "Hausverbot",
    "Notrufknopf",
    "Schulkennzeichnung",
    "Meldesystem",
    "Ordnungsdienst",
    "Mitarbeiterinnen",
    "Gefährdungsbeurteilung",
    "Strasse",
    "Übergriff Nachsorge",
    '"Kommunaler Ordnungsdienst"',
    "Alarmierung -Rathaus",
]
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RUN = os.environ.get("LOAD_RUN", "0")
REPLY_NUMBERS = itertools.count(1)
ACCEPTED: list[dict] = []


@events.test_stop.add_listener
def accepted_replies_write(**_kwargs) -> None:
    path = os.environ.get("LOAD_ACCEPTED")
    if path:
        with open(path, "w") as out:
            out.writelines(json.dumps(reply) + "\n" for reply in ACCEPTED)


class Member(HttpUser):
    wait_time = between(0.5, 1.5)  # with LOAD_USERS users this bounds the rate

    def on_start(self) -> None:
        page = self.client.get("/konto/login/", name="login page")
        token = CSRF_RE.search(page.text)
        self.client.post(
            "/konto/login/",
            {
                "login": next(LOGINS),
                "password": SEED["password"],
                "csrfmiddlewaretoken": token.group(1) if token else "",
            },
            name="login",
            headers={"Referer": self.host + "/konto/login/"},
        )

    @task(3)
    def members_home(self) -> None:
        self.client.get("/mitgliederbereich/", name="start (members home)")

    @task(2)
    def practice_list(self) -> None:
        self.client.get(SEED["practice_index"], name="practice list")

    @task(3)
    def practice_page(self) -> None:
        self.client.get(random.choice(SEED["practices"]), name="practice page")

    @task(4)
    def search(self) -> None:
        self.client.get("/suche/", params={"q": random.choice(TERMS)}, name="search page")

    @task(3)
    def thread(self) -> None:
        pk = random.choice(SEED["threads"])
        self.client.get(f"/forum/thema/{pk}/", name="forum thread")

    @task(1)
    def write(self) -> None:
        """A reply when the forum has its reply form (after merge), else a profile update."""
        marker = ""
        if SEED["reply_url"]:
            pk = random.choice(SEED["threads"])
            form_page, url, name = (
                f"/forum/thema/{pk}/",
                SEED["reply_url"].format(id=pk),
                "write: forum reply",
            )
            # ends in a letter, so that n1q is not a substring of n10q
            marker = f"lastprobe{RUN}n{next(REPLY_NUMBERS)}q"
            data = {"body": f"Danke für den Hinweis, das übernehmen wir ({marker})."}
        else:
            form_page, url, name = "/profil/", "/profil/", "write: profile update"
            data = {"first_name": "Erika", "last_name": "Last", "position": "Sachbearbeitung", "phone": ""}
            data["profile_visibility"] = "members"
        token = CSRF_RE.search(self.client.get(form_page, name="write: form page").text)
        data["csrfmiddlewaretoken"] = token.group(1) if token else ""
        with self.client.post(
            url,
            data,
            name=name,
            catch_response=True,
            allow_redirects=False,
            headers={"Referer": self.host + url},
        ) as response:
            # a reply is accepted with a redirect to it; 200 would be the form again (not saved)
            if response.status_code not in ((302,) if marker else (200, 302)):
                response.failure(f"status {response.status_code}")
            elif marker:
                ACCEPTED.append({"marker": marker, "thread": pk})

    # --- physical-limit baselines, in the same run and under the same load ---------------------

    @task(2)
    def baseline_view(self) -> None:
        self.client.get("/healthz", name="baseline: /healthz (no db)")

    @task(1)
    def baseline_static(self) -> None:
        self.client.get("/static/css/site.css", name="baseline: static file")

    @task(2)
    def baseline_raw_search(self) -> None:
        body = {
            "query": {
                "multi_match": {
                    "query": random.choice(TERMS).strip('"'),
                    "fields": ["title^3", "summary", "body"],
                }
            },
            "size": 10,
        }
        self.client.post(
            f"{SEARCH_URL}/{RAW_INDEX}/_search", json=body, name="baseline: raw search-server query"
        )
