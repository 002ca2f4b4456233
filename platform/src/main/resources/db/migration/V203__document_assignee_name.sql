-- The assignee's name as the assigner saw it (an official of a subordinate unit may be invisible to the sender's
-- readers, who still see who handles their document).
alter table document_assignment add column assignee_name text;
