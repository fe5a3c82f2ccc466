// Package shape keeps the shape of the code base the architecture notes
// (docs/architecture.md) describe: its tests fail when the web side reaches
// past the services, when a domain package reads the wall clock, or when a
// function or a file grows past the size a reader can hold in mind. It has
// no code of its own.
package shape
