package dev.switchboard.plugins.hello;

import dev.switchboard.testkit.conformance.ClassifierConformance;

class HelloClassifierConformanceTest extends ClassifierConformance {}
