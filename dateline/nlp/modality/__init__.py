"""Modality of an event trigger: asserted, negated, hypothetical, future or historical (DESIGN §2).

Rules over the dependency parse, scoped to the trigger's clause and the clauses governing it; the
cue words are data (``dateline/data/modality/cues.tsv``).  Decisions, in order of precedence
(negated > hypothetical > future > historical > asserted; "will not meet" is negated):

- negated: "not"/"never"/"no talks"/"nothing", "without", and the complement of a negating verb
  ("refused to meet", "failed to reach", "denied attacking"): the refusal is itself an asserted
  REJECT event, the meeting did not happen.
- hypothetical: modals (could, might, may, should, must, can; "would" outside reported speech),
  hedges ("possibly", "a potential attack"), conditions (both the "if" clause and the clause it
  conditions), direct questions, "whether", and complements of desire, attempt, request, threat
  and proposal ("wants/hopes/seeks/tries to", "threatened to attack": the threat is asserted,
  the attack hypothetical; "called on Turkey to help", "the possibility of an attack").
- future: will/shall, "is going to", "is to", "is set/due/expected to", "next week", a later year,
  and complements of commitment ("plans/intends/agreed/promised to", "plans discussions"); "would"
  under a verb of saying is the future seen from the past ("said the withdrawal would end").
- historical: a time expression on the trigger's clause (or on the noun a relative clause
  describes) that is a year two or more before ``anchor_year`` (one year if no day is given), an
  old decade, or "decades ago"/"in Soviet times"; a pluperfect outside reported speech with no
  time expression or "recently". "former" is not a cue: it dates an actor's role, not the event.
- asserted: otherwise; "reportedly"/"allegedly" and reported speech of past events ("said the
  Taliban had fulfilled") stay asserted: evidentiality is not modality here.
"""

from dateline.nlp.modality.lexicon import ModalityCue, ModalityReading
from dateline.nlp.modality.reading import modality_at, modality_of

__all__ = ["ModalityCue", "ModalityReading", "modality_at", "modality_of"]
