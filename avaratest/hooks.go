package avaratest

// hook returns the resource rule x-avaratest cannot say that an
// operation's hook names, or nil. It gets the object the operation made or
// found, and returns the object whose fields the answer is made from.
func hook(name string) func(b *builder, r *request, rec *record) (*record, *apiError) {
	switch name {
	case "externalReport":
		return externalReport
	}
	return nil
}

// checkHooks checks that every hook an operation names exists, once the
// document has compiled (the hooks read the compiled document, so the
// compiler cannot refer to them).
func checkHooks(api *apiSpec) {
	for _, op := range api.ops {
		if h := op.hint.Hook; h != "" && hook(h) == nil {
			panic("avaratest: " + op.id + ": x-avaratest names no hook " + h)
		}
	}
}

// externalReportFields are the report fields of an external study's create
// and report bodies, which the fake keeps on the report, not the study.
var externalReportFields = []string{"readerName", "reportFileName", "reportFileUrl", "reportText", "signedAt"}

// writeOnce are the report fields that, once set, cannot change: the
// official descriptions say to delete the study to remake them.
var writeOnce = []string{"reportText", "reportFileUrl", "reportFileName"}

// externalReport attaches the report fields of a request to the external
// study rec: on the study's create, a report is made only if some are
// sent; on a report create, the study's report is made, or filled in
// (text and file once, readerName and signedAt overwritten). It answers
// the study on create, the report otherwise.
func externalReport(b *builder, r *request, study *record) (*record, *apiError) {
	st := b.s.store
	res := spec().resources["ExternalReport"]
	given := map[string]any{}
	for _, k := range externalReportFields {
		if v, ok := r.body[k]; ok && v != nil {
			given[k] = v
		}
	}
	sf := clone(study.fields)
	for _, k := range externalReportFields {
		delete(sf, k)
	}
	creating := r.op.action == "create"
	if creating && len(given) == 0 {
		study.fields = sf // just made: no updatedAt to move
		return study, nil
	}
	rep := st.getLocked(res, str(sf["externalReportId"]))
	if rep == nil {
		fields := map[string]any{
			"studyId":          study.id,
			"studyInstanceUid": sf["studyInstanceUid"],
			"snapshotMetadata": sf["reportMetadata"],
		}
		for k, v := range given {
			fields[k] = v
		}
		rep = st.insertLocked(res, "", fields, b.now)
		sf["externalReportId"] = rep.id
	} else {
		next := clone(rep.fields)
		for _, k := range writeOnce {
			if v, ok := given[k]; ok {
				if old, set := next[k]; set && !sameValue(old, v) {
					return nil, conflict(k, "is already set on report %s and cannot be changed; delete the study to remake it", rep.id)
				}
			}
		}
		for k, v := range given {
			next[k] = v
		}
		rep.write(next, b.now)
	}
	if creating {
		study.fields = sf
		return study, nil
	}
	study.write(sf, b.now)
	return rep, nil
}
