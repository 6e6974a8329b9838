"""Q&A: questions, answers, tags, endorsements, routes, term statistics, full-text index

Revision ID: qa_0001
Revises: 0001_core

The full-text index is engine-specific and deliberately not a model: on SQLite an FTS5 table
over the normalised terms (external content, kept by triggers), on PostgreSQL a table of
weighted tsvectors with a GIN index (kept by a trigger). Question terms weigh A, the context
(answers, tags) B; both engines read the same ``qa_fts`` name.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "qa_0001"
down_revision: str | Sequence[str] | None = "0001_core"
branch_labels: str | Sequence[str] | None = ("qa",)
depends_on: str | Sequence[str] | None = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
_WHEN = sa.DateTime(timezone=True)

_SQLITE_FTS = (
    "CREATE VIRTUAL TABLE qa_fts USING fts5(terms, context_terms, "
    "content='qa_questions', content_rowid='id', tokenize='unicode61')",
    "CREATE TRIGGER qa_fts_insert AFTER INSERT ON qa_questions BEGIN "
    "INSERT INTO qa_fts(rowid, terms, context_terms) "
    "VALUES (new.id, new.terms, new.context_terms); END",
    "CREATE TRIGGER qa_fts_delete AFTER DELETE ON qa_questions BEGIN "
    "INSERT INTO qa_fts(qa_fts, rowid, terms, context_terms) "
    "VALUES ('delete', old.id, old.terms, old.context_terms); END",
    "CREATE TRIGGER qa_fts_update AFTER UPDATE OF terms, context_terms ON qa_questions BEGIN "
    "INSERT INTO qa_fts(qa_fts, rowid, terms, context_terms) "
    "VALUES ('delete', old.id, old.terms, old.context_terms); "
    "INSERT INTO qa_fts(rowid, terms, context_terms) "
    "VALUES (new.id, new.terms, new.context_terms); END",
)

_PG_FTS = (
    "CREATE TABLE qa_fts (question_id INTEGER PRIMARY KEY "
    "REFERENCES qa_questions(id) ON DELETE CASCADE, document TSVECTOR NOT NULL)",
    "CREATE INDEX ix_qa_fts_document ON qa_fts USING gin (document)",
    """CREATE FUNCTION qa_fts_sync() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        INSERT INTO qa_fts (question_id, document)
        VALUES (NEW.id, setweight(to_tsvector('simple'::regconfig, NEW.terms), 'A')
                     || setweight(to_tsvector('simple'::regconfig, NEW.context_terms), 'B'))
        ON CONFLICT (question_id) DO UPDATE SET document = EXCLUDED.document;
        RETURN NULL;
    END $$""",
    "CREATE TRIGGER qa_fts_sync AFTER INSERT OR UPDATE OF terms, context_terms "
    "ON qa_questions FOR EACH ROW EXECUTE FUNCTION qa_fts_sync()",
)


def upgrade() -> None:
    op.create_table(
        "qa_questions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("asker_id", sa.Integer(), nullable=True),
        sa.Column("anonymous", sa.Boolean(), nullable=False),
        sa.Column("asker_label", sa.String(length=120), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=True),
        sa.Column("private", sa.Boolean(), nullable=False),
        sa.Column("root_id", sa.String(length=64), nullable=True),
        sa.Column("info_id", sa.String(length=64), nullable=True),
        sa.Column("link", sa.String(length=400), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("terms", sa.Text(), nullable=False),
        sa.Column("context_terms", sa.Text(), nullable=False),
        sa.Column("groups", _JSON, nullable=False),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("closed_reason", sa.String(length=12), nullable=True),
        sa.Column("reused_of", sa.Integer(), nullable=True),
        sa.Column("reuse_count", sa.Integer(), nullable=False),
        sa.Column("routed", sa.Boolean(), nullable=False),
        sa.Column("routed_count", sa.Integer(), nullable=False),
        sa.Column("quiet_count", sa.Integer(), nullable=False),
        sa.Column("cited", sa.Boolean(), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.Column("first_reply_at", _WHEN, nullable=True),
        sa.Column("accepted_at", _WHEN, nullable=True),
        sa.Column("closed_at", _WHEN, nullable=True),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["asker_id"], ["members.id"], name=op.f("fk_qa_questions_asker_id_members"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["reused_of"], ["qa_questions.id"], name=op.f("fk_qa_questions_reused_of_qa_questions"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_qa_questions_tenant_id_tenants"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qa_questions")),
        sa.UniqueConstraint("tenant_id", "number", name=op.f("uq_qa_questions_tenant_id_number")),
    )
    op.create_index(op.f("ix_qa_questions_asker_id"), "qa_questions", ["asker_id"], unique=False)
    op.create_index("ix_qa_questions_root", "qa_questions", ["tenant_id", "root_id"], unique=False)
    op.create_index("ix_qa_questions_status", "qa_questions", ["tenant_id", "status", "created_at"], unique=False)
    op.create_index("ix_qa_questions_private", "qa_questions", ["tenant_id", "private", "channel"], unique=False)
    op.create_index(op.f("ix_qa_questions_tenant_id"), "qa_questions", ["tenant_id"], unique=False)

    op.create_table(
        "qa_answers",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("ordinal", sa.Integer(), nullable=False),
        sa.Column("message_id", sa.String(length=64), nullable=False),
        sa.Column("channel", sa.String(length=64), nullable=True),
        sa.Column("author_id", sa.Integer(), nullable=True),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("citations", _JSON, nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("accepted_by", sa.Integer(), nullable=True),
        sa.Column("accepted_at", _WHEN, nullable=True),
        sa.Column("flagged", sa.Boolean(), nullable=False),
        sa.Column("flag_reason", sa.String(length=300), nullable=True),
        sa.Column("removed", sa.Boolean(), nullable=False),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.Column("edited_at", _WHEN, nullable=True),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["accepted_by"], ["members.id"], name=op.f("fk_qa_answers_accepted_by_members"), ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["author_id"], ["members.id"], name=op.f("fk_qa_answers_author_id_members"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["question_id"], ["qa_questions.id"], name=op.f("fk_qa_answers_question_id_qa_questions"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_qa_answers_tenant_id_tenants"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qa_answers")),
        sa.UniqueConstraint("question_id", "ordinal", name=op.f("uq_qa_answers_question_id_ordinal")),
    )
    op.create_index(op.f("ix_qa_answers_author_id"), "qa_answers", ["author_id"], unique=False)
    op.create_index("ix_qa_answers_message", "qa_answers", ["tenant_id", "message_id"], unique=False)
    op.create_index(op.f("ix_qa_answers_question_id"), "qa_answers", ["question_id"], unique=False)
    op.create_index(op.f("ix_qa_answers_tenant_id"), "qa_answers", ["tenant_id"], unique=False)

    op.create_table(
        "qa_tags",
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("tag", sa.String(length=40), nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["question_id"], ["qa_questions.id"], name=op.f("fk_qa_tags_question_id_qa_questions"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_qa_tags_tenant_id_tenants"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("question_id", "tag", name=op.f("pk_qa_tags")),
    )
    op.create_index("ix_qa_tags_tag", "qa_tags", ["tenant_id", "tag"], unique=False)
    op.create_index(op.f("ix_qa_tags_tenant_id"), "qa_tags", ["tenant_id"], unique=False)

    op.create_table(
        "qa_endorsements",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("answer_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=8), nullable=False),
        sa.Column("reason", sa.String(length=300), nullable=True),
        sa.Column("specialty", sa.String(length=40), nullable=True),
        sa.Column("created_at", _WHEN, nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["answer_id"], ["qa_answers.id"], name=op.f("fk_qa_endorsements_answer_id_qa_answers"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_qa_endorsements_member_id_members"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_qa_endorsements_tenant_id_tenants"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qa_endorsements")),
        sa.UniqueConstraint("answer_id", "member_id", name=op.f("uq_qa_endorsements_answer_id_member_id")),
    )
    op.create_index(op.f("ix_qa_endorsements_answer_id"), "qa_endorsements", ["answer_id"], unique=False)
    op.create_index(op.f("ix_qa_endorsements_member_id"), "qa_endorsements", ["member_id"], unique=False)
    op.create_index(op.f("ix_qa_endorsements_tenant_id"), "qa_endorsements", ["tenant_id"], unique=False)

    op.create_table(
        "qa_routes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("question_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("routed_at", _WHEN, nullable=False),
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_qa_routes_member_id_members"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["question_id"], ["qa_questions.id"], name=op.f("fk_qa_routes_question_id_qa_questions"), ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_qa_routes_tenant_id_tenants"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_qa_routes")),
    )
    op.create_index("ix_qa_routes_member", "qa_routes", ["tenant_id", "member_id", "routed_at"], unique=False)
    op.create_index(op.f("ix_qa_routes_question_id"), "qa_routes", ["question_id"], unique=False)
    op.create_index(op.f("ix_qa_routes_tenant_id"), "qa_routes", ["tenant_id"], unique=False)

    op.create_table(
        "qa_term_stats",
        sa.Column("tenant_id", sa.Integer(), nullable=False),
        sa.Column("term", sa.String(length=64), nullable=False),
        sa.Column("df", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["tenant_id"], ["tenants.id"], name=op.f("fk_qa_term_stats_tenant_id_tenants"), ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("tenant_id", "term", name=op.f("pk_qa_term_stats")),
    )

    for statement in _PG_FTS if op.get_bind().dialect.name == "postgresql" else _SQLITE_FTS:
        op.execute(statement)


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute("DROP TABLE qa_fts")
        op.execute("DROP TRIGGER qa_fts_sync ON qa_questions")
        op.execute("DROP FUNCTION qa_fts_sync()")
    else:
        for trigger in ("qa_fts_insert", "qa_fts_delete", "qa_fts_update"):
            op.execute(f"DROP TRIGGER {trigger}")
        op.execute("DROP TABLE qa_fts")
    for table in ("qa_term_stats", "qa_routes", "qa_endorsements", "qa_tags", "qa_answers"):
        op.drop_table(table)
    op.drop_table("qa_questions")
