"""privacy: the NPI verification review queue.

Revision ID: privacy_0001
Revises: 0001_core
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "privacy_0001"
down_revision = "0001_core"
branch_labels = ("privacy",)
depends_on = None


def upgrade() -> None:
    op.create_table(
        "npi_reviews",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("npi", sa.String(length=10), nullable=False),
        sa.Column("reason", sa.String(length=24), nullable=False),
        sa.Column("registry_name", sa.String(length=120), nullable=False),
        sa.Column("specialty", sa.String(length=40), nullable=True),
        sa.Column("taxonomy", sa.String(length=160), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("decided_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(
            ["member_id"],
            ["members.id"],
            name=op.f("fk_npi_reviews_member_id_members"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["tenant_id"],
            ["tenants.id"],
            name=op.f("fk_npi_reviews_tenant_id_tenants"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_npi_reviews")),
    )
    with op.batch_alter_table("npi_reviews", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_npi_reviews_member_id"), ["member_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_npi_reviews_tenant_id"), ["tenant_id"], unique=False)
        batch_op.create_index("ix_npi_reviews_tenant_status", ["tenant_id", "status"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("npi_reviews", schema=None) as batch_op:
        batch_op.drop_index("ix_npi_reviews_tenant_status")
        batch_op.drop_index(batch_op.f("ix_npi_reviews_tenant_id"))
        batch_op.drop_index(batch_op.f("ix_npi_reviews_member_id"))
    op.drop_table("npi_reviews")
