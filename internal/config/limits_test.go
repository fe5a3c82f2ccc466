package config

import "testing"

// TestPageCacheAndMemoryLimit pins the defaults of the two memory settings
// and that 0 is allowed and a negative number is not.
func TestPageCacheAndMemoryLimit(t *testing.T) {
	env := func(kv map[string]string) func(string) string { return func(k string) string { return kv[k] } }
	c, err := Load(env(nil))
	if err != nil {
		t.Fatal(err)
	}
	if c.PageCacheMiB != 48 || c.MemoryLimitMiB != 120 {
		t.Errorf("defaults: page cache %d MiB, memory limit %d MiB; want 48 and 120", c.PageCacheMiB, c.MemoryLimitMiB)
	}
	c, err = Load(env(map[string]string{"EBOK_PAGE_CACHE_MIB": "0", "EBOK_MEMORY_LIMIT_MIB": "0"}))
	if err != nil {
		t.Fatal(err)
	}
	if c.PageCacheMiB != 0 || c.MemoryLimitMiB != 0 {
		t.Errorf("0 read as %d and %d", c.PageCacheMiB, c.MemoryLimitMiB)
	}
	if _, err := Load(env(map[string]string{"EBOK_PAGE_CACHE_MIB": "-1"})); err == nil {
		t.Error("EBOK_PAGE_CACHE_MIB=-1 accepted")
	}
	if _, err := Load(env(map[string]string{"EBOK_MEMORY_LIMIT_MIB": "lots"})); err == nil {
		t.Error("EBOK_MEMORY_LIMIT_MIB=lots accepted")
	}
}
