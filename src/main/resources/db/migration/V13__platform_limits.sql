-- Platform-wide limits that hold across replicas (dev.tandem.coordination.SingleFlight and
-- dev.tandem.heketi.HeketiSlots).

-- A row per kind of single-flight work (e.g. reconcile), made on first use; locked for as long as
-- that work runs, so it runs on one replica at a time.
create table single_flight (
    name varchar(63) primary key
);
