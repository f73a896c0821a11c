# RULES.md (ruleset 4) of edx-coverage, in Rego, for an engine comparison.
#
# Input:  {"case": <Case, wire format>, "policy": <Policy, wire format; fields optional>}
# Data:   data.edx_tables.icd_classes    [{code, len, max_len, class}, ...] in checking order
#                                        (code without its dot; max_len = len for exact rows)
#         data.edx_tables.candidate_codes {finding_kind: dotted ICD-10-CM code}
#         data.edx_tables.code_set        {code without its dot: "billable" | "header"}, the
#                                        FY2026 ICD-10-CM code set (every code not in it is
#                                        "unknown"; DESIGN.md, "The ICD-10-CM code set")
#         (the code tables of docs/codes.md, taken from the crate so both read the same table)
#         (the CPT families and NCS tiers are written out below, from docs/codes.md)
# Output: data.edx.result, the Determination's fields except `reasons`, every list in the
#         declaration order; `procedure_corrections` by cpt, then
#         replacement.
#
# The input is assumed valid (the crate's parser refuses what docs/wire-format.md refuses); this policy
# does not re-validate. Diagnosis codes are normalised here as docs/codes.md says (trim,
# upper-case, drop dots), CPT codes trimmed.
#
# Procedures are claim lines (RULES.md, `PIT-NCS-REPORTED-MORE-THAN-ONCE`): they are kept in arrays and counted, never folded
# into a set, so a line sent twice counts twice.
package edx

import rego.v1

# ---- vocabularies, in declaration order (the crate's vocabularies, docs/wire-format.md) ----

finding_kinds := [
	"fasciculations", "myokymia", "muscle_weakness", "muscle_atrophy", "abnormal_reflexes",
	"sensory_loss", "numbness", "burning_pain", "neuropathic_pain", "autonomic_dysfunction",
	"progressive_course", "functional_impairment", "family_history_neuromuscular",
	"muscle_stiffness", "exercise_intolerance", "task_specific_cramps", "severe_symptoms",
	"nocturnal_cramps", "exercise_associated_cramps",
]

neuro := {
	"fasciculations", "myokymia", "muscle_weakness", "muscle_atrophy", "abnormal_reflexes",
	"sensory_loss", "numbness", "burning_pain", "neuropathic_pain", "autonomic_dysfunction",
}

course := {"progressive_course", "functional_impairment", "family_history_neuromuscular"}

red_flag_kinds := neuro | course

hyperexcitability := {"fasciculations", "myokymia"}

neuropathy_sign := {
	"muscle_weakness", "muscle_atrophy", "abnormal_reflexes", "sensory_loss", "numbness",
	"burning_pain", "neuropathic_pain",
}

benign_pattern := {"nocturnal_cramps", "exercise_associated_cramps"}

lab_panel := ["electrolytes", "calcium", "magnesium", "thyroid_function", "creatine_kinase"]

suspected_order := [
	"cramp_fasciculation_syndrome", "peripheral_neuropathy",
	"progressive_or_refractory_cramps", "occupational_dystonia",
]

gap_order := ["physical_exam", "neurological_findings", "conservative_trial", "differential_diagnosis"]

pitfall_order := [
	"symptom_only_coding", "lack_of_clinical_correlation", "premature_testing",
	"ncs_without_needle_emg", "point_of_care_device", "ncs_reported_more_than_once",
	"emg_add_on_without_ncs", "ncs_code_mismatch", "conflicting_emg_codes",
	"non_billable_diagnosis_code", "unknown_diagnosis_code",
]

recommendation_order := [
	"document_physical_exam", "document_differential", "add_supporting_codes",
	"hyperexcitability_protocol", "conservative_management", "laboratory_screening",
	"correct_metabolic_abnormality", "membrane_stabilizer_trial", "reassess_if_new_signs",
	"add_needle_emg", "replace_point_of_care_ncs", "report_ncs_once", "use_standalone_emg_codes",
	"code_ncs_by_study_count", "remove_conflicting_emg_codes", "add_repetitive_nerve_stimulation",
	"use_billable_codes",
]

# ---- CPT families (RULES.md, the rows of rulesets 2 and 3) and NCS tiers (docs/codes.md) ----

ncs_codes := {"95907", "95908", "95909", "95910", "95911", "95912", "95913"}

emg_add_on_codes := {"95885", "95886", "95887"}

needle_emg_codes := emg_add_on_codes | {
	"95860", "95861", "95863", "95864", "95865", "95866", "95867", "95868", "95869", "95870",
}

# The highest study count each NCS code holds, in tier order; 95913 holds 13 or more (99 is
# the largest count the wire format allows).
ncs_tiers := [
	{"code": "95907", "max": 2}, {"code": "95908", "max": 4}, {"code": "95909", "max": 6},
	{"code": "95910", "max": 8}, {"code": "95911", "max": 10}, {"code": "95912", "max": 12},
	{"code": "95913", "max": 99},
]

# Codes CPT says are not reported together with the add-ons (C.5).
limb_add_on_conflicts := {"95860", "95861", "95863", "95864", "95870", "95905"}

non_limb_add_on_conflicts := {"95867", "95868", "95869", "95870", "95905"}

# ---- inputs and policy defaults (docs/wire-format.md, Policy) ----

case := input.case

policy := object.get(input, "policy", {})

min_trial_days := object.get(policy, "min_trial_days", 0)

require_differential := object.get(policy, "require_differential", true)

require_needle_emg := object.get(policy, "require_needle_emg_with_ncs", true)

accept_symptom_codes := object.get(policy, "accept_symptom_codes_with_support", false)

findings := object.get(case, "findings", [])

trials := object.get(case, "conservative_trials", [])

labs := object.get(case, "labs", [])

differential := object.get(case, "differential", [])

procedures := object.get(case, "procedures", [])

needle_emg_exceptions := object.get(case, "needle_emg_exceptions", [])

# ---- facts (RULES.md) ----

present contains f.kind if {
	some f in findings
	object.get(f, "status", "present") == "present"
}

exam_documented if {
	some f in findings
	object.get(f, "source", "history") == "exam"
}

plain(code) := replace(upper(trim_space(code)), ".", "")

dotted(p) := concat(".", [substring(p, 0, 3), substring(p, 3, -1)]) if count(p) > 3

dotted(p) := p if count(p) <= 3

# Ruleset 4: where a code stands in the code set; a code not in it is "unknown".
status_of(p) := object.get(data.edx_tables.code_set, p, "unknown")

# An unknown code documents nothing: "other", whatever its prefix. Otherwise a row matches
# when the code starts with the row's code and is no longer than the row allows (exact rows:
# their own length; prefix rows: any length). The first matching row decides; no row:
# "other".
class_of(p) := "other" if {
	status_of(p) == "unknown"
} else := data.edx_tables.icd_classes[min(hits)].class if {
	hits := {i |
		some i, row in data.edx_tables.icd_classes
		substring(p, 0, row.len) == row.code
		count(p) <= row.max_len
	}
	count(hits) > 0
} else := "other"

dx_plain := [plain(d.code) | some d in case.diagnoses]

classes := {class_of(p) | some p in dx_plain}

dx_codes := {dotted(p) | some p in dx_plain}

# The diagnoses whose status is not billable (ruleset 4), a set ordered by the code without
# its dot.
code_issues := sort({p | some p in dx_plain; status_of(p) != "billable"})

diagnosis_code_issues := [{"code": dotted(p), "status": status_of(p)} | some p in code_issues]

# C.1: the minimum length only applies to a trial that failed; one that helped counts
# whatever its length.
long_enough(_) if min_trial_days == 0

long_enough(t) if t.outcome in {"resolved", "improved"}

long_enough(t) if {
	min_trial_days > 0
	t.duration_days >= min_trial_days
}

completed_trials := [t |
	some t in trials
	t.outcome != "ongoing"
	long_enough(t)
]

completed_trial if count(completed_trials) > 0

responsive if {
	some t in completed_trials
	t.outcome in {"resolved", "improved"}
}

failed if {
	some t in completed_trials
	t.outcome in {"unchanged", "worsened"}
}

refractory if {
	failed
	not responsive
}

membrane_stabilizer_tried if {
	some t in completed_trials
	t.therapy == "membrane_stabilizer"
}

labs_ordered := {l.test | some l in labs}

missing_labs := [t | some t in lab_panel; not t in labs_ordered]

metabolic_abnormality if {
	some l in labs
	l.result == "abnormal"
	l.test != "creatine_kinase"
}

red_flag if count(present & red_flag_kinds) > 0

neurological_finding if count(present & neuro) > 0

specific_dx if "specific_neuromuscular" in classes

task if "task_specific_cramps" in present

justified if neurological_finding

justified if specific_dx

justified if task

benign if count(present & benign_pattern) > 0

unflagged if {
	not red_flag
	not specific_dx
	not task
}

# ---- procedures: claim lines (RULES.md, the rows of rulesets 2 and 3; docs/codes.md, NCS tiers) ----

# Every line, CPT code trimmed, units defaulted; `studies` 0 when not given.
lines := [{"cpt": trim_space(p.cpt), "units": object.get(p, "units", 1), "studies": object.get(p, "studies", 0)} |
	some p in procedures
]

requested := {l.cpt | some l in lines}

ncs_requested if count(requested & ncs_codes) > 0

needle_emg_requested if count(requested & needle_emg_codes) > 0

ncs_lines := [l | some l in lines; l.cpt in ncs_codes]

# Pitfall 6 counts lines (C.2): two lines, identical or not, or one line of several units.
ncs_more_than_once if count(ncs_lines) > 1

ncs_more_than_once if {
	some l in ncs_lines
	l.units > 1
}

# The code for n studies: the first tier that holds n.
code_for(n) := ncs_tiers[min({i | some i, t in ncs_tiers; n <= t.max})].code

# [requested, replacement] for each NCS line whose study count calls for another code.
mismatches contains [l.cpt, r] if {
	some l in ncs_lines
	l.studies > 0
	r := code_for(l.studies)
	r != l.cpt
}

conflicting_emg if {
	count(requested & {"95885", "95886"}) > 0
	count(requested & limb_add_on_conflicts) > 0
}

conflicting_emg if {
	"95887" in requested
	count(requested & non_limb_add_on_conflicts) > 0
}

# ---- red flags and suspected conditions (RULES.md, `RF-*`, `SC-*`) ----

red_flags := [k | some k in finding_kinds; k in red_flag_kinds; k in present]

suspect contains "cramp_fasciculation_syndrome" if count(present & hyperexcitability) > 0

suspect contains "peripheral_neuropathy" if count(present & neuropathy_sign) > 0

suspect contains "progressive_or_refractory_cramps" if "progressive_course" in present

suspect contains "progressive_or_refractory_cramps" if refractory

suspect contains "progressive_or_refractory_cramps" if "muscle_weakness" in present

suspect contains "occupational_dystonia" if task

suspected_conditions := [c | some c in suspected_order; c in suspect]

# ---- indication (`IND-*`): first that applies ----

indicated if red_flag

indicated if specific_dx

indicated if task

indicated if refractory

declined if responsive

declined if benign

indication := "indicated" if indicated
else := "not_indicated" if declined
else := "not_yet_indicated"

# ---- documentation gaps (`GAP-*`) ----

gap contains "physical_exam" if {
	indication == "indicated"
	not exam_documented
}

gap contains "neurological_findings" if {
	indication == "indicated"
	not justified
}

gap contains "conservative_trial" if {
	indication == "indicated"
	not justified
	not refractory
}

gap contains "differential_diagnosis" if {
	indication == "indicated"
	require_differential
	count(differential) == 0
	not specific_dx
}

documentation_gaps := [g | some g in gap_order; g in gap]

# ---- pitfalls (`PIT-*`) ----

coded if "supporting_finding" in classes

coded if specific_dx

waived if {
	accept_symptom_codes
	neurological_finding
}

waived if {
	accept_symptom_codes
	task
}

pitfall contains "symptom_only_coding" if {
	not coded
	not waived
}

pitfall contains "lack_of_clinical_correlation" if not exam_documented

pitfall contains "premature_testing" if {
	unflagged
	not completed_trial
}

pitfall contains "ncs_without_needle_emg" if {
	require_needle_emg
	ncs_requested
	not needle_emg_requested
	count(needle_emg_exceptions) == 0
}

pitfall contains "point_of_care_device" if "95905" in requested

pitfall contains "ncs_reported_more_than_once" if ncs_more_than_once

pitfall contains "emg_add_on_without_ncs" if {
	count(requested & emg_add_on_codes) > 0
	not ncs_requested
}

pitfall contains "ncs_code_mismatch" if count(mismatches) > 0

pitfall contains "conflicting_emg_codes" if conflicting_emg

pitfall contains "non_billable_diagnosis_code" if {
	some p in code_issues
	status_of(p) == "header"
}

pitfall contains "unknown_diagnosis_code" if {
	some p in code_issues
	status_of(p) == "unknown"
}

pitfalls := [p | some p in pitfall_order; p in pitfall]

# ---- coverage outlook (`COV-*`) ----

coverage := "likely_covered" if {
	indication == "indicated"
	count(documentation_gaps) == 0
	count(pitfalls) == 0
} else := "at_risk" if {
	indication == "indicated"
} else := "likely_denied"

# ---- suggested codes (`CODE-CANDIDATE`) ----

suggested contains k if {
	some k, code in data.edx_tables.candidate_codes
	k in present
	not code in dx_codes
}

suggested_codes := [{"code": data.edx_tables.candidate_codes[k], "finding": k} |
	some k in finding_kinds
	k in suggested
]

# ---- recommendations (`REC-*`) ----

rec contains "document_physical_exam" if not exam_documented

rec contains "document_differential" if "differential_diagnosis" in gap

rec contains "add_supporting_codes" if {
	"symptom_only_coding" in pitfall
	count(suggested_codes) > 0
}

rec contains "hyperexcitability_protocol" if "cramp_fasciculation_syndrome" in suspect

rec contains "conservative_management" if {
	unflagged
	not completed_trial
}

rec contains "laboratory_screening" if {
	unflagged
	count(missing_labs) > 0
}

rec contains "correct_metabolic_abnormality" if {
	unflagged
	metabolic_abnormality
}

rec contains "membrane_stabilizer_trial" if {
	unflagged
	"severe_symptoms" in present
	not membrane_stabilizer_tried
}

rec contains "reassess_if_new_signs" if indication != "indicated"

rec contains "add_needle_emg" if "ncs_without_needle_emg" in pitfall

rec contains "replace_point_of_care_ncs" if "point_of_care_device" in pitfall

rec contains "report_ncs_once" if "ncs_reported_more_than_once" in pitfall

rec contains "use_standalone_emg_codes" if "emg_add_on_without_ncs" in pitfall

rec contains "code_ncs_by_study_count" if "ncs_code_mismatch" in pitfall

rec contains "remove_conflicting_emg_codes" if "conflicting_emg_codes" in pitfall

rec contains "use_billable_codes" if "non_billable_diagnosis_code" in pitfall

rec contains "use_billable_codes" if "unknown_diagnosis_code" in pitfall

rec contains "add_repetitive_nerve_stimulation" if {
	"cramp_fasciculation_syndrome" in suspect
	ncs_requested
	not "95937" in requested
}

recommendations := [r | some r in recommendation_order; r in rec]

recommended_labs := missing_labs if "laboratory_screening" in rec
else := []

# ---- procedure corrections (C.7): a set, by cpt then replacement ----

# Five-digit codes: text order is numeric order, and sort() orders the pairs by their first
# element, then the second.
procedure_corrections := [{"cpt": m[0], "replacement": m[1]} | some m in sort(mismatches)]

# ---- the result ----

result := {
	"ruleset": "edx-coverage/4",
	"indication": indication,
	"coverage": coverage,
	"red_flags": red_flags,
	"suspected_conditions": suspected_conditions,
	"documentation_gaps": documentation_gaps,
	"pitfalls": pitfalls,
	"recommendations": recommendations,
	"recommended_labs": recommended_labs,
	"suggested_codes": suggested_codes,
	"procedure_corrections": procedure_corrections,
	"diagnosis_code_issues": diagnosis_code_issues,
}
