/**
 * How the inventory is stored: JPA entities, one per table of the Flyway schema, and {@link
 * dev.tandem.inventory.persistence.InventoryStore}, which reads the whole inventory as a spec and
 * makes the tables match a spec. Internal to the inventory module.
 */
package dev.tandem.inventory.persistence;
