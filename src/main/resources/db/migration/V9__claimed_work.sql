-- Lanes of claimed work (dev.tandem.coordination.ClaimedWork): db-scheduler's table layout, one table
-- per lane. A row is a piece of work to run; picked/picked_by/last_heartbeat are the claim of the
-- replica running it, renewed by heartbeats; a claim whose heartbeats stop is taken over.
create table job_claim (
    task_name            varchar(100)             not null,
    task_instance        varchar(100)             not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean                  not null,
    picked_by            varchar(200),
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures int,
    last_heartbeat       timestamp with time zone,
    version              bigint                   not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index job_claim_execution_time_idx on job_claim (execution_time);
create index job_claim_last_heartbeat_idx on job_claim (last_heartbeat);

create table operation_claim (
    task_name            varchar(100)             not null,
    task_instance        varchar(100)             not null,
    task_data            bytea,
    execution_time       timestamp with time zone not null,
    picked               boolean                  not null,
    picked_by            varchar(200),
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures int,
    last_heartbeat       timestamp with time zone,
    version              bigint                   not null,
    priority             smallint,
    primary key (task_name, task_instance)
);
create index operation_claim_execution_time_idx on operation_claim (execution_time);
create index operation_claim_last_heartbeat_idx on operation_claim (last_heartbeat);
