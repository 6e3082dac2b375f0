-- Volume operations gain two states: QUEUED (waiting for one of Tandem's operation threads) and
-- UNKNOWN (Tandem could not observe the outcome and is reading Heketi to find out). V2 declared the
-- state's check constraint inline, without a name that H2 and PostgreSQL would share, so the column
-- is rebuilt under a named constraint; dropping the old column drops the old check with it.

alter table storage_operation add column lifecycle varchar(16);
update storage_operation set lifecycle = state;
drop index ix_storage_operation_state;
alter table storage_operation drop column state;
alter table storage_operation rename column lifecycle to state;
alter table storage_operation alter column state set not null;
alter table storage_operation add constraint ck_storage_operation_state
    check (state in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'INTERRUPTED', 'UNKNOWN'));
create index ix_storage_operation_state on storage_operation (state);
