package dev.switchboard.plugins.retriever;

import dev.switchboard.testkit.conformance.RetrieverConformance;

class HybridRetrieverConformanceTest extends RetrieverConformance {}
