"""The feedback rate limits count real visitors, not the reverse proxy in front of CKAN:
X-Forwarded-For counts only when `trusted_proxies` says proxies are there, and then only
the hop the nearest proxy appended; IPv6 visitors are counted per /64; and a flood on one
dataset is capped however many addresses it comes from (429, in Ukrainian). Real Redis,
real HTTP requests through the whole WSGI stack."""
from __future__ import annotations

import pytest

from ckan import model

from ckanext.chervonohrad.common.ratelimit import client_key
from ckanext.chervonohrad.feedback.model import Feedback
from tests.feedback.conftest import People
from tests.feedback.test_views import FORM, post_form, soup


@pytest.fixture
def people(clean_db, clean_redis, smtp_inbox):
    """The feedback room's people and datasets (tests/feedback/conftest.py), with an SMTP server."""
    return People()


URL = "/dataset/biudzhet-2026/feedback"


def send(app, n: int, status: int = 302, peer: str = "198.51.100.10", forwarded: str | None = None, url=URL):
    headers = {"X-Forwarded-For": forwarded} if forwarded else {}
    return post_form(app, url, dict(FORM, email=f"visitor{n}@example.com"), status=status, headers=headers,
                     extra_environ={"REMOTE_ADDR": peer})


def stored() -> int:
    return model.Session.query(Feedback).count()


class TestClientKey:
    def test_ipv4_is_itself(self):
        assert client_key("203.0.113.7") == "203.0.113.7"
        assert client_key(" 203.0.113.7 ") == "203.0.113.7"

    def test_ipv6_is_its_64_network(self):
        assert client_key("2001:db8:1:2:aaaa::1") == "2001:db8:1:2::/64"
        assert client_key("2001:DB8:1:2:ffff:ffff:ffff:fffe") == "2001:db8:1:2::/64"
        assert client_key("2001:db8:1:3::1") == "2001:db8:1:3::/64"
        assert client_key("fe80::1%eth0") == "fe80::/64"

    def test_ipv4_mapped_ipv6_is_the_ipv4_address(self):
        assert client_key("::ffff:203.0.113.7") == "203.0.113.7"

    def test_what_is_no_address_is_counted_as_it_is(self):
        assert client_key(None) is None
        assert client_key("") == ""
        assert client_key("unknown") == "unknown"


@pytest.mark.ckan_config("ckanext.chervonohrad.feedback_rate_limit_per_ip", 2)
class TestBehindAProxy:
    def test_without_trusted_proxies_the_header_is_ignored(self, app, people):
        # A visitor who makes up X-Forwarded-For does not get a fresh limit with each value.
        send(app, 1, forwarded="192.0.2.1")
        send(app, 2, forwarded="192.0.2.2")
        response = send(app, 3, status=429, forwarded="192.0.2.3")
        assert "Забагато повідомлень від вас" in soup(response).select_one("#feedback-rate-limit").text
        assert stored() == 2

    @pytest.mark.ckan_config("ckanext.chervonohrad.trusted_proxies", 1)
    def test_one_trusted_proxy_counts_the_address_it_appended(self, app, people):
        # Every request arrives from the proxy (10.0.0.5); the visitors are told apart by the
        # hop the proxy appended, so one visitor's limit does not silence another.
        send(app, 1, peer="10.0.0.5", forwarded="203.0.113.7")
        send(app, 2, peer="10.0.0.5", forwarded="203.0.113.7")
        send(app, 3, status=429, peer="10.0.0.5", forwarded="203.0.113.7")
        send(app, 4, peer="10.0.0.5", forwarded="203.0.113.8")
        assert stored() == 3

    @pytest.mark.ckan_config("ckanext.chervonohrad.trusted_proxies", 1)
    def test_only_the_right_hop_counts(self, app, people):
        # What the visitor put in front (left of the proxy's hop) changes nothing.
        send(app, 1, peer="10.0.0.5", forwarded="192.0.2.1, 203.0.113.7")
        send(app, 2, peer="10.0.0.5", forwarded="192.0.2.2, 203.0.113.7")
        send(app, 3, status=429, peer="10.0.0.5", forwarded="192.0.2.3, 203.0.113.7")
        assert stored() == 2

    @pytest.mark.ckan_config("ckanext.chervonohrad.trusted_proxies", 1)
    def test_no_header_behind_a_proxy_counts_the_peer(self, app, people):
        send(app, 1, peer="198.51.100.20")
        send(app, 2, peer="198.51.100.20")
        send(app, 3, status=429, peer="198.51.100.20")


@pytest.mark.ckan_config("ckanext.chervonohrad.feedback_rate_limit_per_ip", 2)
class TestIpv6:
    def test_two_addresses_in_one_64_share_a_limit(self, app, people):
        send(app, 1, peer="2001:db8:77:1::10")
        send(app, 2, peer="2001:db8:77:1:dead:beef:0:1")
        send(app, 3, status=429, peer="2001:db8:77:1:ffff::2")
        assert stored() == 2

    def test_another_64_has_its_own(self, app, people):
        send(app, 1, peer="2001:db8:77:1::10")
        send(app, 2, peer="2001:db8:77:1::11")
        send(app, 3, peer="2001:db8:77:2::10")
        assert stored() == 3


@pytest.mark.ckan_config("ckanext.chervonohrad.feedback_rate_limit_per_ip", 0)
@pytest.mark.ckan_config("ckanext.chervonohrad.feedback_rate_limit_per_dataset", 3)
class TestPerDataset:
    def test_a_flood_from_many_addresses_is_capped_with_a_ukrainian_429(self, app, people):
        for n in range(3):
            send(app, n, peer=f"198.51.100.{n + 1}")
        response = send(app, 9, status=429, peer="198.51.100.99")
        message = soup(response).select_one("#feedback-rate-limit").text
        assert "Щодо цього набору даних за останню годину надійшло забагато повідомлень" in message
        assert "хв" in message
        assert stored() == 3
        # Another dataset is not affected.
        send(app, 10, peer="198.51.100.99", url="/dataset/zupynky/feedback")
        assert stored() == 4

    def test_the_api_answers_429_too(self, app, people):
        from tests.feedback.conftest import feedback_data

        for n in range(3):
            app.post("/api/3/action/chervonohrad_feedback_create",
                     json=feedback_data(people.dataset, email=f"api{n}@example.com"))
        over = app.post("/api/3/action/chervonohrad_feedback_create",
                        json=feedback_data(people.dataset, email="api9@example.com"), status=429)
        assert "rate_limit" in over.json["error"]
        assert 0 < int(over.headers["Retry-After"]) <= 3600
        assert stored() == 3

    def test_regional_administrators_are_not_limited(self, app, people):
        from tests.feedback.conftest import act, feedback_data

        for n in range(4):
            act("chervonohrad_feedback_create", people.coordinator,
                **feedback_data(people.dataset, email=f"c{n}@example.com"))
        assert stored() == 4
