"""The world each official SDK test runs in, shared by the Python plugin
(avara_official.py) and the TypeScript setup (avara_official_jest.js).

The official tests were written for a stateless mock: each names fixed ids
(stu_1234567890abcdef1234567890abcdef, ...) and expects them to exist, in
the state its call needs. Before each test, scripts/official-sdks resets
avara-fake (-reset) to the seed world() returns, built as avaratest's
replay of the recorded requests builds it (officialWorld in
avaratest/official_test.go): from the ids and study UIDs the test's code
names.

A test is named by its resource ("auto_scribe.studies.external") and call
("cancel_addendum"), the same for both languages.

    python3 avara_world.py world < {"resource":…,"call":…,"src":…}   # the seed, as JSON
    python3 avara_world.py jest-summary JEST_JSON                    # counts and verdict
"""

import json
import re
import sys

_ID = re.compile(r"""["']((cus|stu|usr|ref|inv|rep|ext)_[0-9a-f]{32})["']""")
_UID = re.compile(r"""["'](1\.2\.[0-9.]+)["']""")
_EXTERNAL_REF = re.compile(
    r"""retrieve_?by_?external_?reference_?id\(\s*(?:external_reference_id=)?["']([^"']+)["']""", re.I
)

# The calls whose "only required params" form the API refuses, and why.
# Their "required and optional params" form is accepted.
_NO_STUDY = "sends no studyId or studyInstanceUid, which the API requires ('Must provide either study ID or DICOM Study Instance UID')"
_NO_INVITATION = "sends no invitationId or userId, one of which the API needs to find the invitation"
REFUSED = {
    ("auto_scribe.studies", "cancel"): _NO_STUDY,
    ("auto_scribe.studies", "uncancel"): _NO_STUDY,
    ("auto_scribe.studies", "reroute_url"): _NO_STUDY,
    ("auto_scribe.studies", "viewer_only_reroute_url"): _NO_STUDY,
    ("viewer.studies", "cancel"): _NO_STUDY,
    ("viewer.studies", "uncancel"): _NO_STUDY,
    ("viewer.studies", "reroute_url"): _NO_STUDY,
    ("auto_scribe.reports", "list"): _NO_STUDY,
    ("auto_scribe.reports", "pdf"): _NO_STUDY,
    ("auto_scribe.reports", "text"): _NO_STUDY,
    ("auto_scribe.studies.external", "delete"): _NO_STUDY,
    ("auto_scribe.studies.external.reports", "create"): _NO_STUDY,
    ("auto_scribe.users.invitations", "revoke"): _NO_INVITATION,
    ("viewer.users.invitations", "revoke"): _NO_INVITATION,
    ("auto_scribe.users", "invite"): "invites a user who can create reports without the npiNumber such a user requires",
}
# Refused in every form.
REFUSED_ALWAYS = {
    ("auto_scribe.studies.external.reports", "list", "all"): "sends the cursor 'cursor', a placeholder that is no cursor the API issued",
}


def refused(resource, call, all_params):
    """Why the API refuses this test's request, or None."""
    if (resource, call, "all") in REFUSED_ALWAYS and all_params:
        return REFUSED_ALWAYS[(resource, call, "all")]
    if all_params:
        return None
    return REFUSED.get((resource, call))


def snake(name):
    name = name.replace("URL", "Url").replace("ID", "Id")
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", name).lower()


def _hex_id(prefix, n):
    return f"{prefix}{n:032x}"


def world(resource, call, src):
    """The seed (avara-fake's -seed-file form) in which the ids src names
    exist, in the state the call needs."""
    ids = {}
    for m in _ID.finditer(src):
        ids.setdefault(m.group(2), [])
        if m.group(1) not in ids[m.group(2)]:
            ids[m.group(2)].append(m.group(1))
    uids = _UID.findall(src)
    # A create of a study must not find the UID it creates taken.
    creates = call == "create" and resource in ("auto_scribe.studies", "viewer.studies", "auto_scribe.studies.external")
    external = resource.startswith("auto_scribe.studies.external")

    objects = {}

    def add(res, *objs):
        objects.setdefault(res, []).extend(objs)

    customers = [{"id": c, "users": ids.get("usr", [])} for c in ids.get("cus", [])]

    studies = list(ids.get("stu", []))
    if not studies and ((uids and not creates) or ids.get("rep")):
        studies = [_hex_id("stu_", 77)]
    status = "addendum_active" if call == "cancel_addendum" else "completed"
    for i, sid in enumerate(studies):
        study = {
            "studyId": sid,
            "studyInstanceUid": uids[0] if uids and not creates else f"1.2.3.{i}",
            "studyDescription": "Existing study",
            "severity": "normal",
            "reportMetadata": {},
            "isCancelled": call == "uncancel",
            "studyReportStatus": status,
            "studyType": "external" if external else "standard",
        }
        add("AutoScribeStudy", study)
        add("ViewerStudy", study)

    for i, uid in enumerate(ids.get("usr", [])):
        user = {"userId": uid, "email": f"u{i}@example.com", "firstName": "A", "lastName": "B", "clinicRole": "Other"}
        add("AutoScribeUser", user)
        add("ViewerUser", user)

    invitations = list(ids.get("inv", []))
    if not invitations and ids.get("usr"):
        invitations = [_hex_id("inv_", 77)]
    for inv_id in invitations:
        inv = {"invitationId": inv_id, "status": "sent"}
        if ids.get("usr"):
            inv["userId"] = ids["usr"][0]
        add("AutoScribeInvitation", inv)
        add("ViewerInvitation", inv)

    for ref in ids.get("ref", []):
        add("ClinicalReference", {"clinicalReferenceId": ref, "name": "Existing reference", "type": "facility", "isActive": True})
    m = _EXTERNAL_REF.search(src)
    if m:
        add("ClinicalReference", {"externalReferenceId": m.group(1), "name": "By external id", "type": "facility", "isActive": True})

    for rep in ids.get("rep", []):
        add("Report", {"reportId": rep, "studyId": studies[0], "status": "completed"})
    for ext in ids.get("ext", []):
        add("ExternalReport", {"externalReportId": ext, "studyId": _hex_id("stu_", 78), "studyInstanceUid": "1.2"})

    return {"customers": customers, "objects": objects}


def ts_test(test_path, full_name):
    """The resource, call and whether all params are given, of a test of
    the TypeScript SDK: tests/api-resources/auto-scribe/studies/external/
    reports.test.ts and 'resource reports create: only required params'."""
    rel = test_path.split("tests/api-resources/", 1)[1].removesuffix(".test.ts")
    parts = [p.replace("-", "_") for p in rel.split("/")]
    if len(parts) > 1 and parts[-1] == parts[-2]:
        parts.pop()
    name = re.sub(r"^resource \S+ ", "", full_name)
    call, _, variant = name.partition(": ")
    return ".".join(parts), snake(call), variant


def jest_summary(path):
    """Counts a jest --json result: passed, refused as expected (a 400 from
    a request REFUSED names), and unexpected, with the unexpected listed."""
    with open(path) as f:
        results = json.load(f)
    passed = expected = 0
    unexpected = []
    for suite in results["testResults"]:
        for t in suite["assertionResults"]:
            if t["status"] not in ("passed", "failed"):
                continue
            resource, call, variant = ts_test(suite["name"], t["fullName"])
            # "request options ... passed correctly" sends its call to an
            # unknown path on purpose and expects the 404.
            why = None if variant.startswith("request options") else refused(resource, call, variant == "required and optional params")
            message = " ".join(t.get("failureMessages") or [])
            if why:
                if t["status"] == "failed" and re.search(r"\b400 \{", message):
                    expected += 1
                else:
                    unexpected.append(f"{t['fullName']} ({suite['name']}): the API refuses it, the fake answered otherwise")
            elif t["status"] == "passed":
                passed += 1
            else:
                unexpected.append(f"{t['fullName']} ({suite['name']}): {message.splitlines()[0] if message else 'failed'}")
    return passed, expected, unexpected


if __name__ == "__main__":
    if sys.argv[1:] == ["world"]:
        t = json.load(sys.stdin)
        json.dump(world(t["resource"], t["call"], t["src"]), sys.stdout)
    elif sys.argv[1:2] == ["jest-summary"]:
        p, e, u = jest_summary(sys.argv[2])
        for line in u:
            print("unexpected:", line, file=sys.stderr)
        print(f"{p} {e} {len(u)}")
    else:
        sys.exit(__doc__)
