-- The Heketi-compatible API's queue bookkeeping: pool shares reserved before forwarding, operations
-- followed by Tandem itself, final answers purged after a retention.

-- One row per pool (made on first use), locked while its share is counted and a slot reserved, so
-- that the count and the reservation are one step for every replica on the same database.
create table proxy_pool_lock (
    pool_name   varchar(63) primary key
);

-- A place in a pool's share of Heketi's operations: reserved before the request is forwarded,
-- given the queue id when Heketi accepts, deleted when Heketi refuses or the operation is final.
create table proxy_slot (
    id          varchar(64) primary key,
    pool_name   varchar(63) not null,
    reserved_at timestamp with time zone not null,
    queue_id    varchar(64)
);
create index ix_proxy_slot_pool on proxy_slot (pool_name);
create index ix_proxy_slot_queue on proxy_slot (queue_id);

alter table proxy_operation add column polled_at timestamp with time zone;
alter table proxy_operation add column finished_at timestamp with time zone;
update proxy_operation set finished_at = created_at where final_status is not null;
insert into proxy_slot (id, pool_name, reserved_at, queue_id)
    select queue_id, pool_name, created_at, queue_id from proxy_operation
    where final_status is null and pool_name is not null;
create index ix_proxy_operation_open on proxy_operation (final_status, polled_at);
create index ix_proxy_operation_finished on proxy_operation (finished_at);
