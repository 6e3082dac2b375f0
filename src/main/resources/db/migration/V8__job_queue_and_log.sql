-- Jobs wait for a runner thread in state QUEUED; the job's log becomes a sequence of chunks numbered
-- per job in append order, so that a reader following the log sees every chunk once, in the order
-- the hosts wrote them.

-- job.state gains QUEUED: the column is replaced, since the check on it was created without a name
alter table job add column status varchar(16);
update job set status = state;
drop index ix_job_state;
alter table job drop column state;
alter table job alter column status set not null;
alter table job add constraint ck_job_state
    check (status in ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'CANCELLED', 'INTERRUPTED'));
alter table job rename column status to state;
create index ix_job_state on job (state);

create table job_log (
    job_id    varchar(36) not null references job (id) on delete cascade,
    seq       integer not null,
    step_seq  integer,
    text      varchar(1000000) not null,
    constraint pk_job_log primary key (job_id, seq)
);

-- the logs written so far, one chunk per started step in step order, then the job's end
insert into job_log (job_id, seq, step_seq, text)
select job_id, seq, seq, '== ' || seq || ' ' || coalesce(host, 'platform') || ': ' || name || '
' || log || case when state in ('PENDING', 'RUNNING') then '' else '-> ' || lower(state) || '
' end
from job_step
where state <> 'PENDING' or log <> '';

insert into job_log (job_id, seq, step_seq, text)
select j.id, (select coalesce(max(s.seq), 0) + 1 from job_step s where s.job_id = j.id), null,
       '== job ' || lower(j.state) || coalesce(': ' || j.message, '') || '
'
from job j
where j.state <> 'RUNNING';

alter table job_step drop column log;
