-- Volume operations run on the operation_claim lane (dev.tandem.storage.OperationRunner), so any
-- live replica may carry them on.

-- When Heketi was last read about an operation whose outcome is unknown: a read on demand claims
-- the operation with a conditional update of this column, so one replica reads Heketi, not all.
alter table storage_operation add column last_resolved_at timestamp with time zone;

-- One row, locked while a new operation is counted against tandem.storage.operation-queue and
-- persisted, so that the count holds for every replica on the same database.
create table storage_operation_gate (
    id int primary key
);
insert into storage_operation_gate (id) values (1);

-- Operations a Tandem of an earlier version left unfinished are claimed work from now on.
insert into operation_claim (task_name, task_instance, execution_time, picked, version)
    select 'volume-operation', id, current_timestamp, false, 1 from storage_operation
    where state in ('QUEUED', 'RUNNING');
insert into operation_claim (task_name, task_instance, execution_time, picked, version)
    select 'volume-resolve', id, current_timestamp, false, 1 from storage_operation
    where state = 'UNKNOWN';
