"""batch generation leases, bounded attempts, and batch files stored in the database (issue 13)

Revision ID: 0003_issue13_job_queue
Revises: 84d43835844e
Create Date: 2026-12-01 22:00:00

Batches that were generated before this revision kept their zip in one server's instance
folder; that file is no longer read. Such batches have no stored file, so the first visit
(or the requeue job) generates it again, byte-identically, into the database.
"""
from alembic import op
import sqlalchemy as sa


revision = '0003_issue13_job_queue'
down_revision = '84d43835844e'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('batches', schema=None) as batch_op:
        batch_op.add_column(sa.Column('lease_owner', sa.String(length=80), nullable=True))
        batch_op.add_column(sa.Column('lease_expires_at', sa.DateTime(timezone=True), nullable=True))
        batch_op.add_column(sa.Column('file_size', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('file_sha256', sa.String(length=64), nullable=True))
        batch_op.add_column(sa.Column('generation_attempts', sa.Integer(), server_default='0', nullable=False))
        batch_op.add_column(sa.Column('generation_error', sa.String(length=300), nullable=True))
    op.create_table('batch_file_chunks',
    sa.Column('batch_id', sa.Integer(), nullable=False),
    sa.Column('part', sa.Integer(), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.ForeignKeyConstraint(['batch_id'], ['batches.id'], name=op.f('fk_batch_file_chunks_batch_id_batches'), ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('batch_id', 'part', name=op.f('pk_batch_file_chunks'))
    )


def downgrade():
    op.drop_table('batch_file_chunks')
    with op.batch_alter_table('batches', schema=None) as batch_op:
        batch_op.drop_column('generation_error')
        batch_op.drop_column('generation_attempts')
        batch_op.drop_column('file_sha256')
        batch_op.drop_column('file_size')
        batch_op.drop_column('lease_expires_at')
        batch_op.drop_column('lease_owner')
