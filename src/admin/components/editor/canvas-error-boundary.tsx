import { Alert, Button } from "@medusajs/ui"
import { Component, type ReactNode } from "react"
import { useTranslation } from "react-i18next"

type State = { error: Error | null }

/**
 * Whatever a stored draft holds, the editor page stays usable: a canvas that fails to draw shows
 * why and offers to try again, instead of blanking the dashboard.
 */
class Boundary extends Component<{ children: ReactNode; fallback: (error: Error, retry: () => void) => ReactNode }, State> {
  state: State = { error: null }

  static getDerivedStateFromError(error: Error): State {
    return { error }
  }

  render() {
    const { error } = this.state
    return error ? this.props.fallback(error, () => this.setState({ error: null })) : this.props.children
  }
}

export const CanvasErrorBoundary = ({ children }: { children: ReactNode }) => {
  const { t } = useTranslation("journeys")
  return (
    <Boundary
      fallback={(error, retry) => (
        <div className="p-6" data-testid="canvas-error">
          <Alert variant="error">
            {t("editor.canvasFailed", { message: error.message })}
            <Button size="small" variant="secondary" className="ml-3" onClick={retry}>{t("editor.retry")}</Button>
          </Alert>
        </div>
      )}
    >
      {children}
    </Boundary>
  )
}
