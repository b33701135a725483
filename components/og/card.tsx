import { ImageResponse } from "next/og";

export const OG_SIZE = { width: 1200, height: 630 };

export interface CardFigure {
  readonly label: string;
  readonly value: string;
}

/**
 * An Open Graph card in the site's colours: what a link to the page says in a chat or a post. Satori lays out
 * flexbox only, so every box is a flex container.
 */
export function ogCard({
  kicker,
  title,
  line,
  figures,
}: {
  kicker: string;
  title: string;
  line: string;
  figures: readonly CardFigure[];
}): ImageResponse {
  return new ImageResponse(
    <div
      style={{
        width: "100%",
        height: "100%",
        display: "flex",
        flexDirection: "column",
        justifyContent: "space-between",
        padding: 64,
        background: "#0b0f17",
        color: "#f1f5f9",
      }}
    >
      <div style={{ display: "flex", alignItems: "center", gap: 16, fontSize: 30, color: "#fbbf24" }}>
        <div style={{ width: 24, height: 24, borderRadius: 4, background: "#fbbf24" }} />
        Cacheon Explorer · Subnet 14
      </div>
      <div style={{ display: "flex", flexDirection: "column", gap: 16 }}>
        <div style={{ fontSize: 30, color: "#94a3b8" }}>{kicker}</div>
        <div style={{ fontSize: 60, fontWeight: 700, lineHeight: 1.1 }}>{title}</div>
        <div style={{ fontSize: 30, color: "#cbd5e1" }}>{line}</div>
      </div>
      <div style={{ display: "flex", gap: 56 }}>
        {figures.map((f) => (
          <div key={f.label} style={{ display: "flex", flexDirection: "column" }}>
            <div style={{ fontSize: 24, color: "#94a3b8" }}>{f.label}</div>
            <div style={{ fontSize: 44, color: "#fbbf24" }}>{f.value}</div>
          </div>
        ))}
      </div>
    </div>,
    OG_SIZE,
  );
}
