/**
 * The eval-protocol data model: {@code Message} (with {@code token_ids}), {@code EvaluationRow} and their
 * parts, JSON-compatible with Python eval-protocol.
 */
package io.evalprotocol.api;
