-- The access policy put through PUT /api/access-policy on a cluster (gateway.cluster.enabled=true): one row, read
-- by every instance, so a change made through any of them is in force on all. A single instance keeps using its
-- policy file (gateway.access.policy-file) and never writes here.
create table access_policy (
    id         smallint     primary key check (id = 1),
    document   text         not null,
    updated_by varchar(200),
    updated_at timestamp with time zone not null default current_timestamp
);

comment on table access_policy is 'The cluster-wide access policy (YAML or JSON as put through the API); at most one row';
