/** Catches a render error in a part of the window and offers to try again instead of a blank page. */
import { Component, type ReactNode } from 'react';

interface Props {
  /** What failed, for the message ("the packet list"). */
  what: string;
  children: ReactNode;
}

export class ErrorBoundary extends Component<Props, { error: Error | null }> {
  override state = { error: null as Error | null };

  static getDerivedStateFromError(error: Error) {
    return { error };
  }

  override render() {
    const { error } = this.state;
    if (!error) return this.props.children;
    return (
      <div className="boundary-error" role="alert" data-testid="error-message">
        <strong>Something went wrong in {this.props.what}.</strong> {error.message}
        <button type="button" onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
