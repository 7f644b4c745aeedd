"""The case store: staff, cases, notes and the audit log.

Revision ID: 0001
Revises:
Create Date: 2026-12-01
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "staff",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(80), nullable=False),
        sa.Column("password_hash", sa.String(255), nullable=False),
        sa.Column("is_admin", sa.Boolean(), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_staff"),
        sa.UniqueConstraint("name", name="uq_staff_name"),
    )
    op.create_table(
        "cases",
        sa.Column("id", sa.String(32), nullable=False),
        sa.Column("channel", sa.String(20), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.Column("jurisdiction", sa.String(20)),
        sa.Column("classification", sa.String(20), nullable=False),
        sa.Column("risk", sa.String(20), nullable=False),
        sa.Column("flags", sa.JSON(), nullable=False),
        sa.Column("reasons", sa.Text()),
        sa.Column("needs_safety_check", sa.Boolean(), nullable=False),
        sa.Column("safety_check_reason", sa.Text()),
        sa.Column("laws", sa.JSON(), nullable=False),
        sa.Column("referrals", sa.JSON(), nullable=False),
        sa.Column("next_steps", sa.JSON(), nullable=False),
        sa.Column("answers", sa.Text()),
        sa.Column("account", sa.Text()),
        sa.Column("consent_at", sa.DateTime()),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("assignee_id", sa.Integer()),
        sa.Column("risk_override", sa.String(20)),
        sa.Column("override_reason", sa.Text()),
        sa.Column("override_by", sa.String(80)),
        sa.Column("reassess_on", sa.Date()),
        sa.Column("conversation_key", sa.String(128)),
        sa.ForeignKeyConstraint(["assignee_id"], ["staff.id"], name="fk_cases_assignee_id_staff", ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name="pk_cases"),
    )
    op.create_index("ix_cases_created_at", "cases", ["created_at"])
    op.create_index("ix_cases_updated_at", "cases", ["updated_at"])
    op.create_index("ix_cases_status", "cases", ["status"])
    op.create_index("ix_cases_conversation_key", "cases", ["conversation_key"])
    op.create_table(
        "case_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("case_id", sa.String(32), nullable=False),
        sa.Column("author", sa.String(80), nullable=False),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["case_id"], ["cases.id"], name="fk_case_notes_case_id_cases", ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name="pk_case_notes"),
    )
    op.create_index("ix_case_notes_case_id", "case_notes", ["case_id"])
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("actor", sa.String(80)),
        sa.Column("action", sa.String(40), nullable=False),
        sa.Column("case_id", sa.String(32)),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_audit_log"),
    )
    op.create_index("ix_audit_log_at", "audit_log", ["at"])


def downgrade() -> None:
    op.drop_table("audit_log")
    op.drop_table("case_notes")
    op.drop_table("cases")
    op.drop_table("staff")
