package dev.tandem.provisioning;

/**
 * Drift reports as a job step makes them ({@code restore-heketi-db} ends with one): the drift module
 * makes and stores the report, as {@code POST /api/v1/drift} does. Declared here, implemented there,
 * because the drift module depends on this one.
 */
public interface DriftReports {

  /**
   * Makes a drift report now and stores it; answers what it found in a line for the job's log (or that
   * another report being made was waited for and none could be made).
   */
  String report();
}
