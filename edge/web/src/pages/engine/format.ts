// The engine pages' formatting: the app's exact decimal display (../../format), re-exported.
export { decimal, label, money, percent, price, quantity, shortHash, when } from "../../format";
