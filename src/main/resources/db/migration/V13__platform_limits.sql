-- Platform-wide limits that hold across replicas (dev.tandem.coordination.SingleFlight and
-- dev.tandem.heketi.HeketiSlots).

-- A row per kind of single-flight work (e.g. reconcile), made on first use; locked for as long as
-- that work runs, so it runs on one replica at a time.
create table single_flight (
    name varchar(63) primary key
);

-- Places of Heketi's in-flight limit (tandem.heketi.max-in-flight), for Tandem's own operations and
-- those forwarded by the Heketi-compatible API alike (then with their pool, for its share). Counted
-- and taken under the one row of heketi_slot_lock; deleted when the operation at queue_path ends; a
-- place past expires_at no longer counts.
create table heketi_slot_lock (
    id int primary key
);
insert into heketi_slot_lock (id) values (1);
create table heketi_slot (
    id          varchar(64) primary key,
    pool_name   varchar(63),
    queue_path  varchar(255),
    expires_at  timestamp with time zone not null
);
create index ix_heketi_slot_queue on heketi_slot (queue_path);
create index ix_heketi_slot_expires on heketi_slot (expires_at);

-- The proxy's pool shares now count in heketi_slot (expiring after the default operation-ttl, 1 h).
insert into heketi_slot (id, pool_name, queue_path, expires_at)
    select id, pool_name, case when queue_id is null then null else '/queue/' || queue_id end,
           reserved_at + interval '1' hour
    from proxy_slot;
drop table proxy_slot;
drop table proxy_pool_lock;
