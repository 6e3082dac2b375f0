-- Jobs run through the job_claim lane on any replica: each step records how many times it was started
-- and the replica (tandem.coordination.instance) that started its last attempt. Steps that started
-- before this version ran once, on a replica whose name was not recorded.
alter table job_step add column attempts integer default 0 not null;
alter table job_step add column replica varchar(200);
update job_step set attempts = 1 where started_at is not null;

-- Jobs an earlier version left queued or running (it marked them interrupted only at its next start):
-- put on the lane, so a replica claims them and resumes each from its first unfinished step.
insert into job_claim (task_name, task_instance, execution_time, picked, version)
select 'job', id, current_timestamp, false, 1 from job where state in ('QUEUED', 'RUNNING');
