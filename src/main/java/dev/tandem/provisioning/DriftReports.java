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
  Made report();

  /**
   * What a job's drift report came to.
   *
   * @param line what it found, or why none was made, for the job's log
   * @param heketiNotRead true when a report was made without reading Heketi (its Heketi findings are missing)
   */
  record Made(String line, boolean heketiNotRead) {}
}
