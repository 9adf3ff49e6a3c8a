#!/usr/bin/env node
// Package bin shim: runs the TypeScript CLI through tsx's CommonJS loader (no build step).
"use strict";
require("tsx/cjs");
require("../src/cli/entry.ts");
