package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"sort"

	"github.com/avara/avara-go/avaratest"
)

// seedFile is what -seed-file reads: Express customers (each an
// avaratest.Seed, its fields named as in JSON: id, name, metadata, users,
// inactive, createdAt, createdByUserId) and objects of the other resources
// by schema name, each as avaratest.Server.AddObject takes it:
//
//	{
//	  "customers": [{"id": "cus_…", "users": ["usr_…"]}],
//	  "objects": {"AutoScribeStudy": [{"studyId": "stu_…", "studyInstanceUid": "1.2.3"}]}
//	}
//
// Resources are added in the order of their names, and the objects of one
// resource in the order given.
type seedFile struct {
	Customers []avaratest.Seed            `json:"customers"`
	Objects   map[string][]map[string]any `json:"objects"`
}

// readSeedFile reads and checks the shape of a seed file; what its objects
// hold is checked when they are added.
func readSeedFile(path string) (*seedFile, error) {
	raw, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	f, err := parseSeeds(raw)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return f, nil
}

// parseSeeds reads a seed file's content.
func parseSeeds(raw []byte) (*seedFile, error) {
	d := json.NewDecoder(bytes.NewReader(raw))
	d.DisallowUnknownFields()
	var f seedFile
	if err := d.Decode(&f); err != nil {
		return nil, err
	}
	return &f, nil
}

// addObjects adds the file's objects to the fake, failing on the first one
// it refuses.
func (f *seedFile) addObjects(fake *avaratest.Server) error {
	resources := make([]string, 0, len(f.Objects))
	for r := range f.Objects {
		resources = append(resources, r)
	}
	sort.Strings(resources)
	for _, r := range resources {
		for i, fields := range f.Objects[r] {
			if _, err := fake.AddObject(r, fields); err != nil {
				return fmt.Errorf("%s %d: %w", r, i+1, err)
			}
		}
	}
	return nil
}

// newFake builds the fake, turning the panic of an invalid customer seed
// into an error.
func newFake(opts ...avaratest.Option) (fake *avaratest.Server, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%v", r)
		}
	}()
	return avaratest.NewUnstartedServer(opts...), nil
}
