"""SQLAlchemy tables for the knowledge base (2.0-style declarative on SQLAlchemy 1.4)."""

from __future__ import annotations

from datetime import date

from sqlalchemy import JSON, Boolean, Column, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import registry
from sqlalchemy.orm.decl_api import DeclarativeMeta

mapper_registry = registry()
# Part of the loaded content's hash: change it with any column, so a database made by older
# code is rebuilt from the files (the tables hold nothing but what the files say).
SCHEMA_VERSION = "3"


class Base(metaclass=DeclarativeMeta):
    """The declarative base, spelled out so type checkers see a class (SQLAlchemy 1.4's documented form)."""

    __abstract__ = True
    registry = mapper_registry
    metadata = mapper_registry.metadata
    __init__ = mapper_registry.constructor


class Jurisdiction(Base):
    __tablename__ = "kb_jurisdictions"
    code = Column(String(16), primary_key=True)
    name = Column(String(120), nullable=False)
    parent = Column(String(16), nullable=True)
    shares_laws_with = Column(String(16), nullable=True)
    has_file = Column(Boolean, nullable=False, default=False)


class LawRow(Base):
    __tablename__ = "kb_laws"
    id = Column(String(120), primary_key=True)
    jurisdiction = Column(String(16), ForeignKey("kb_jurisdictions.code"), nullable=False, index=True)
    citation = Column(String(300), nullable=False)
    title = Column(String(300), nullable=False)
    summary = Column(Text, nullable=False)
    covers = Column(JSON, nullable=False)
    conduct = Column(String(40), nullable=False)
    mental_element = Column(Text, nullable=True)
    kind = Column(String(20), nullable=False)
    local_name = Column(String(200), nullable=True)
    applies_only_to = Column(String(40), nullable=True)
    url = Column(String(600), nullable=True)
    verified = Column(Boolean, nullable=False)
    last_checked = Column(Date, nullable=False)
    source = Column(Text, nullable=True)
    position = Column(Integer, nullable=False, default=0)


class ContactRow(Base):
    __tablename__ = "kb_contacts"
    id = Column(String(120), primary_key=True)
    jurisdiction = Column(String(16), ForeignKey("kb_jurisdictions.code"), nullable=False, index=True)
    name = Column(String(300), nullable=False)
    phone = Column(String(80), nullable=True)
    sms = Column(String(200), nullable=True)
    url = Column(String(600), nullable=True)
    hours = Column(JSON, nullable=True)
    serves = Column(JSON, nullable=False)
    ages = Column(String(20), nullable=False, default="all")
    languages = Column(JSON, nullable=False)
    note = Column(Text, nullable=True)
    verified = Column(Boolean, nullable=False)
    last_checked = Column(Date, nullable=False)
    source = Column(Text, nullable=True)
    position = Column(Integer, nullable=False, default=0)


class StepRow(Base):
    __tablename__ = "kb_steps"
    id = Column(String(120), primary_key=True)
    title = Column(String(300), nullable=False)
    text = Column(Text, nullable=False)
    when = Column(JSON, nullable=False)
    order = Column(Integer, nullable=False, default=100)
    url = Column(String(600), nullable=True)
    priority = Column(String(20), nullable=False, default="normal")
    needs_contact = Column(JSON, nullable=False, default=list)
    text_without_contact = Column(Text, nullable=True)
    replaces = Column(JSON, nullable=False, default=list)


class KnowledgeVersion(Base):
    """The content hash of the loaded files, so a second load of the same files does nothing."""

    __tablename__ = "kb_version"
    id = Column(Integer, primary_key=True)
    content_hash = Column(String(64), nullable=False)
    loaded_on = Column(Date, nullable=False, default=date.today)
