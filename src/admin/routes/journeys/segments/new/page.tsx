import { SegmentEditor } from "../../../../components/segments/segment-editor"

/** A segment being created: the editor with its live count, saved by Create. */
const NewSegmentPage = () => <SegmentEditor />

export default NewSegmentPage
