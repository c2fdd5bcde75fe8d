import canvas from "./canvas"
import common from "./common"
import customer from "./customer"
import editor from "./editor"
import enrollments from "./enrollments"
import list from "./list"
import operations from "./operations"
import outbox from "./outbox"
import panels from "./panels"
import problems from "./problems"
import segments from "./segments"
import stats from "./stats"
import templates from "./templates"
import testMode from "./test-mode"
import versions from "./versions"

/** One per area of the admin, each with its English and French strings under its own top-level keys. */
export const AREAS = [common, list, editor, canvas, versions, templates, panels, problems, enrollments, stats, customer, outbox, testMode, segments, operations]
