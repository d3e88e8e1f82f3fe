import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { plainText, sentenceAt, sentenceEnds } from "../src/common/sentence";

const doc = (text: string) => text.split("\n");

describe("sentenceAt", () => {
  it("returns the sentence around the cursor", () => {
    const lines = doc("The deploy failed. John forgot to run the migration. We rolled back.");
    assert.equal(sentenceAt(lines, 0, 25), "John forgot to run the migration.");
    assert.equal(sentenceAt(lines, 0, 2), "The deploy failed.");
    assert.equal(sentenceAt(lines, 0, 66), "We rolled back.");
  });

  it("counts a cursor right after the full stop as inside that sentence", () => {
    const lines = doc("First one. Second one.");
    assert.equal(sentenceAt(lines, 0, 10), "First one.");
    assert.equal(sentenceAt(lines, 0, 11), "Second one.");
  });

  it("joins a sentence wrapped over several lines of one paragraph", () => {
    const lines = doc("Intro line.\n\nThe operator should have\nnoticed the alert. Next\nsentence here.\n\nOther paragraph.");
    assert.equal(sentenceAt(lines, 3, 3), "The operator should have noticed the alert.");
    assert.equal(sentenceAt(lines, 2, 0), "The operator should have noticed the alert.");
    assert.equal(sentenceAt(lines, 4, 2), "Next sentence here.");
  });

  it("strips list, heading, quote and task markers", () => {
    assert.equal(sentenceAt(doc("- John broke prod"), 0, 5), "John broke prod");
    assert.equal(sentenceAt(doc("## Root cause: human error"), 0, 10), "Root cause: human error");
    assert.equal(sentenceAt(doc("> Sarah pushed the change."), 0, 4), "Sarah pushed the change.");
    assert.equal(sentenceAt(doc("1. [ ] Retrain John by Friday"), 0, 12), "Retrain John by Friday");
  });

  it("does not join separate list items", () => {
    const lines = doc("- Bob forgot the flag\n- Alice was careless");
    assert.equal(sentenceAt(lines, 1, 5), "Alice was careless");
    assert.equal(sentenceAt(lines, 0, 5), "Bob forgot the flag");
  });

  it("falls back to the line when a multi-line block has no sentence boundary", () => {
    const lines = doc("10:02 page fired\n10:05 Bob acked it\n10:09 rollback started");
    assert.equal(sentenceAt(lines, 1, 3), "10:05 Bob acked it");
  });

  it("does not split at abbreviations or decimals", () => {
    const lines = doc("Tools, e.g. Jenkins, failed at 3.5 s. Then it recovered.");
    assert.equal(sentenceAt(lines, 0, 5), "Tools, e.g. Jenkins, failed at 3.5 s.");
    assert.deepEqual(sentenceEnds("Tools, e.g. Jenkins, failed at 3.5 s. Then it recovered."), [37, 56]);
  });

  it("returns undefined on a blank line or outside the document", () => {
    assert.equal(sentenceAt(doc("a\n\nb"), 1, 0), undefined);
    assert.equal(sentenceAt(doc("a"), 5, 0), undefined);
  });

  it("keeps a heading separate from the paragraph under it", () => {
    const lines = doc("# Summary\nJohn forgot the migration.");
    assert.equal(sentenceAt(lines, 1, 2), "John forgot the migration.");
    assert.equal(sentenceAt(lines, 0, 2), "Summary");
  });
});

describe("plainText", () => {
  it("removes links, emphasis and code ticks", () => {
    assert.equal(plainText("**John** ran `deploy.sh` per [the runbook](http://x/y)"), "John ran deploy.sh per the runbook");
    assert.equal(plainText("keep snake_case and 2*3*4"), "keep snake_case and 2*3*4");
  });
});
