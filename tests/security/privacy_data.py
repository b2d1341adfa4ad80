"""Rows for the privacy tests, written as the rooms store them, with their clocks set back:
feedback, suggestions and applications closed a given number of months ago, and documents
in the registration room's storage."""
from __future__ import annotations

import datetime as dt
import os
import uuid

from dateutil.relativedelta import relativedelta

from ckan import model

from ckanext.chervonohrad.feedback.model import Feedback, FeedbackEvent, Suggestion
from ckanext.chervonohrad.privacy import storage
from ckanext.chervonohrad.registration.model import ApplicationEvent, PublisherApplication

NOW = dt.datetime.utcnow


def months_ago(months: float) -> dt.datetime:
    whole = int(months)
    return NOW() - relativedelta(months=whole) - dt.timedelta(days=round((months - whole) * 30))


def feedback(dataset: dict, *, closed_months_ago: float | None = None, status: str = "resolved",
             created_months_ago: float = 40, legacy: bool = False, name: str = "Іван Петренко",
             email: str | None = "ivan.petrenko@example.com", user_id: str | None = None,
             message: str = "Дані за жовтень досі не оновлено.", answer: str | None = None) -> Feedback:
    """One item on `dataset`: open (closed_months_ago None) or moved to `status` that long ago.
    legacy: closed with no history (made before there was one): only `modified` tells when."""
    created = months_ago(created_months_ago)
    closed = months_ago(closed_months_ago) if closed_months_ago is not None else None
    item = Feedback(package_id=dataset["id"], category="outdated", message=message, name=name, email=email,
                    user_id=user_id, consent=True, status=status if closed else "new", created=created,
                    modified=closed or created, first_response_at=closed - dt.timedelta(hours=5) if closed else None)
    if closed and not legacy:
        if answer:
            item.events.append(FeedbackEvent(kind="answer", from_status="new", to_status="answered", text=answer,
                                             created=closed - dt.timedelta(hours=5)))
        item.events.append(FeedbackEvent(kind="status", from_status="answered" if answer else "new",
                                         to_status=status, created=closed))
    model.Session.add(item)
    model.Session.commit()
    return item


def suggestion(*, closed_months_ago: float | None = None, status: str = "declined", legacy: bool = False,
               name: str = "Олена Мельник", email: str | None = "olena@example.com",
               user_id: str | None = None) -> Suggestion:
    created = months_ago(40)
    closed = months_ago(closed_months_ago) if closed_months_ago is not None else None
    row = Suggestion(title="Розклад руху автобусів", description="Маршрути й зупинки", reason="Для застосунку",
                     name=name, email=email, user_id=user_id, status=status if closed else "open",
                     decision_reason="Немає таких даних" if status == "declined" else None,
                     decided_at=None if legacy else closed, created=created, modified=closed or created)
    model.Session.add(row)
    model.Session.commit()
    return row


def document(name: str = "nakaz.pdf", age: dt.timedelta = dt.timedelta(0)) -> str:
    """A stored document (its path relative to the documents folder)."""
    relative = os.path.join(uuid.uuid4().hex, name)
    full = os.path.join(storage._root(), relative)
    os.makedirs(os.path.dirname(full), exist_ok=True)
    with open(full, "wb") as f:
        f.write(b"%PDF-1.4 designation of the responsible person")
    if age:
        stamp = (NOW() - age).replace(tzinfo=dt.UTC).timestamp()
        os.utime(full, (stamp, stamp))
    return relative


def stored(relative: str) -> bool:
    return os.path.isfile(os.path.join(storage._root(), relative))


def application(applicant: dict, *, state: str = "approved", closed_months_ago: float | None = None,
                legacy: bool = False, edrpou: str = "44106679", with_document: bool = True,
                person_email: str = "kultura@sheptytskyi.example",
                publisher_emails: list | None = None, comment: str | None = None) -> PublisherApplication:
    created = months_ago(40)
    closed = months_ago(closed_months_ago) if closed_months_ago is not None else None
    row = PublisherApplication(
        state=state, applicant_id=applicant["id"], title="Відділ культури", edrpou=edrpou,
        publisher_type="executive_body", hromada="UA46120130000026331", address="м. Шептицький, просп. Шевченка, 19",
        person_name="Мельник Олена Петрівна", person_position="Начальник відділу", person_email=person_email,
        person_phone="+380 3249 2 11 22", document_number="125-р", document_date=dt.date(2023, 10, 1),
        document_url=document() if with_document else None,
        publisher_emails=["editor1@sheptytskyi.example"] if publisher_emails is None else publisher_emails,
        comment=comment, consent=True, created=created, modified=closed or created)
    row.events.append(ApplicationEvent(from_state=None, to_state="submitted", actor_id=applicant["id"],
                                       created=created))
    if closed and not legacy:
        row.events.append(ApplicationEvent(from_state="submitted", to_state=state, actor_id=applicant["id"],
                                           comment="Рішення", created=closed))
    model.Session.add(row)
    model.Session.commit()
    return row


def reload(row):
    model.Session.expire_all()
    return model.Session.get(type(row), row.id)
