-- Training (issue 17 D, second half; docs/training.md): courses, classes, participants with attendance and results,
-- certificates (giấy chứng nhận) sealed by the organising unit, numbered per unit and year.
create table training_course (
    id bigint generated always as identity primary key,
    unit_id bigint not null references org_unit (id),
    code varchar(32) not null,
    title varchar(300) not null,
    topic varchar(32) not null check (topic in ('DIGITAL_TRANSFORMATION', 'INFORMATION_SECURITY', 'DIGITAL_SIGNATURE', 'OTHER')),
    hours integer not null check (hours between 1 and 2000),
    description varchar(2000),
    created_by varchar(64) not null,
    created_at timestamptz not null default now(),
    unique (code)
);

create table training_class (
    id bigint generated always as identity primary key,
    course_id bigint not null references training_course (id),
    unit_id bigint not null references org_unit (id),
    name varchar(300) not null,
    start_date date not null,
    end_date date not null,
    place varchar(300) not null,
    created_by varchar(64) not null,
    created_at timestamptz not null default now(),
    check (end_date >= start_date)
);
create index training_class_unit on training_class (unit_id, start_date desc);
create index training_class_end on training_class (end_date);

create table training_participant (
    class_id bigint not null references training_class (id),
    official_id bigint not null references org_official (id),
    enrolled_by varchar(64) not null,
    enrolled_at timestamptz not null default now(),
    attended boolean,
    result varchar(8) check (result in ('PASSED', 'FAILED')),
    score numeric(5, 2) check (score between 0 and 100),
    note varchar(1000),
    recorded_by varchar(64),
    recorded_at timestamptz,
    primary key (class_id, official_id)
);
create index training_participant_official on training_participant (official_id);

create table training_certificate_counter (
    unit_id bigint not null references org_unit (id),
    year integer not null,
    last integer not null,
    primary key (unit_id, year)
);

create table training_certificate (
    id bigint generated always as identity primary key,
    class_id bigint not null references training_class (id),
    official_id bigint not null references org_official (id),
    unit_id bigint not null references org_unit (id),
    year integer not null,
    number integer not null,
    notation varchar(64) not null,
    issued_on date not null,
    issued_by varchar(64) not null,
    issued_at timestamptz not null default now(),
    sha256 char(64) not null,
    unique (class_id, official_id),
    unique (unit_id, year, number)
);
