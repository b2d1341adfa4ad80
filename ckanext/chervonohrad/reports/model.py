"""Stored state of the reports room: who answers for each missing Resolution 835 item of a
publisher and by when (set by regional administrators during the information audit), and
which dataset is which publisher's register of datasets."""
from __future__ import annotations

from sqlalchemy import Column, Date, DateTime, ForeignKey, Integer, Text, UnicodeText

import ckan.plugins.toolkit as tk

from ckanext.chervonohrad.common.clock import utcnow


class AuditAssignment(tk.BaseModel):
    """The responsible person and due date of one applicable 835 item of one publisher."""
    __tablename__ = "chervonohrad_audit_assignment"

    owner_org = Column(Text, ForeignKey("group.id", ondelete="CASCADE"), primary_key=True)
    item_id = Column(Text, primary_key=True)
    responsible = Column(UnicodeText, nullable=False, default="")
    due_date = Column(Date)
    updated_by = Column(Text, nullable=False)
    updated_at = Column(DateTime, nullable=False, default=utcnow)


class RegisterDataset(tk.BaseModel):
    """The dataset that publishes a publisher's register of datasets, the two resources the
    regeneration rewrites, and a fingerprint of what was written last (an unchanged register
    is not written again)."""
    __tablename__ = "chervonohrad_register_dataset"

    owner_org = Column(Text, ForeignKey("group.id", ondelete="CASCADE"), primary_key=True)
    package_id = Column(Text, ForeignKey("package.id", ondelete="CASCADE"), nullable=False, unique=True)
    data_resource_id = Column(Text)
    structure_resource_id = Column(Text)
    content_hash = Column(Text)
    rows = Column(Integer, nullable=False, default=0)
    created_by = Column(Text, nullable=False)
    created_at = Column(DateTime, nullable=False, default=utcnow)
    regenerated_at = Column(DateTime)
