-- Secrets of the security module kept once per platform, for every replica, each value encrypted
-- under the master key: the generated bootstrap admin secret, and the master key's check value (a
-- known text encrypted under the key, which a replica holding another key cannot decrypt).
create table security_secret (
    name          varchar(63) primary key,
    secret_value  varchar(8000) not null
);
