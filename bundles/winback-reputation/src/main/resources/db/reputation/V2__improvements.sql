-- "You Said, We Did": a published improvement never changes, so a correction is a new improvement that names the one
-- it corrects; both stay on record and the public page shows the link both ways.
ALTER TABLE improvements ADD COLUMN corrects_id UUID;
CREATE INDEX ix_improvements_corrects ON improvements (corrects_id);
ALTER TABLE improvements ADD CONSTRAINT fk_improvements_corrects FOREIGN KEY (corrects_id) REFERENCES improvements (id);
