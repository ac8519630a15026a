package avaratest

import (
	"bytes"
	"encoding/json"
	"fmt"
)

// Resources returns the names of the kinds of object the fake keeps, the
// names of their schemas in openapi.yml, sorted: "AutoScribeStudy",
// "ExpressCustomer", "Report" and so on. Objects, Object, AddObject and
// WithObjects take these names.
func (s *Server) Resources() []string {
	return mapKeys(spec().resources)
}

// Objects returns a snapshot of every object of a resource, in list order
// (oldest first), deleted ones left out. Each is the object's fields as the
// fake keeps them: those the API writes (with references as the ids that
// were sent, such as a study's assignedTo), and those the fake keeps for
// itself beside them, such as a user's accessRevoked. Numbers are
// float64, as encoding/json decodes them. An unknown resource panics.
func (s *Server) Objects(resource string) []map[string]any {
	res := s.resource(resource, "Objects")
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	var out []map[string]any
	for _, rec := range s.store.cols[res.name].list {
		if !rec.deleted {
			out = append(out, plain(rec.fields))
		}
	}
	return out
}

// Object returns a snapshot of one object of a resource, as Objects does,
// and false if there is none with that id (or it was deleted). An unknown
// resource panics.
func (s *Server) Object(resource, id string) (map[string]any, bool) {
	res := s.resource(resource, "Object")
	s.store.mu.RLock()
	defer s.store.mu.RUnlock()
	rec := s.store.getLocked(res, id)
	if rec == nil {
		return nil, false
	}
	return plain(rec.fields), true
}

// AddObject adds an object of a resource as if the API had made it, and
// returns it as Object would. It is how a test reaches states no request
// can, such as a signed Report (reports are written by radiologists, not
// through the API). fields are the object's JSON fields; its id is minted
// unless fields hold one of the right form, and createdAt and updatedAt
// are the fake's clock unless given. Nothing else is checked: the fake
// answers what it holds, shaped to the schema. It fails for an unknown
// resource, a malformed or taken id, or fields that are not JSON.
func (s *Server) AddObject(resource string, fields map[string]any) (map[string]any, error) {
	res, ok := spec().resources[resource]
	if !ok {
		return nil, fmt.Errorf("avaratest: AddObject: no resource %q; the resources are %v", resource, s.Resources())
	}
	f, err := jsonFields(fields)
	if err != nil {
		return nil, fmt.Errorf("avaratest: AddObject: %w", err)
	}
	id := str(f[res.idField])
	if id != "" {
		if e := res.idRule.checkString(res.idField, id); e != nil {
			return nil, fmt.Errorf("avaratest: AddObject: %s", e.message)
		}
	}
	b := &builder{s: s, now: s.store.now(), origin: s.URL, opID: "objects"}
	if b.origin == "" {
		b.origin = "http://avaratest.invalid"
	}
	s.store.mu.Lock()
	defer s.store.mu.Unlock()
	if _, taken := s.store.cols[res.name].byID[id]; taken {
		return nil, fmt.Errorf("avaratest: AddObject: %s %s exists already", res.name, id)
	}
	if id == "" {
		id = s.store.newIDLocked(res)
		f[res.idField] = id
	}
	b.complete(res, f)
	rec := s.store.insertLocked(res, id, f, b.now)
	if rec == nil {
		return nil, fmt.Errorf("avaratest: AddObject: %s %s exists already", res.name, id)
	}
	return plain(rec.fields), nil
}

func (s *Server) resource(name, fn string) *resource {
	res, ok := spec().resources[name]
	if !ok {
		panic(fmt.Sprintf("avaratest: %s: no resource %q; the resources are %v", fn, name, s.Resources()))
	}
	return res
}

// jsonFields turns Go values into the fake's JSON values (numbers kept as
// written), through encoding/json.
func jsonFields(fields map[string]any) (map[string]any, error) {
	b, err := json.Marshal(fields)
	if err != nil {
		return nil, err
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	f := map[string]any{}
	if err := d.Decode(&f); err != nil {
		return nil, err
	}
	return f, nil
}

// plain copies stored fields into the values encoding/json would decode.
func plain(fields map[string]any) map[string]any {
	b, _ := json.Marshal(fields)
	out := map[string]any{}
	_ = json.Unmarshal(b, &out)
	return out
}
