/**
 * Implementation of the simulated provider (not exported): request parsing, the tokenizer and chat template,
 * reply generation, one renderer per provider wire format, and the HttpCore 5 classic server with fault
 * injection.
 */
package io.evalprotocol.testkit.sim.internal;
